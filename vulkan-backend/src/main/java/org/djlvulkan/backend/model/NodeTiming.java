package org.djlvulkan.backend.model;

/**
 * GPU time of one node from timestamp queries.
 *
 * @param index the node's position in the graph
 * @param op the operator name
 * @param kernel the kernel that ran
 * @param micros microseconds between the end of the previous node and the end of this one
 * @param multiplyAdds the multiply-adds of the products it computed (a convolution's or GEMM's
 *     share; 0 for other work)
 */
public record NodeTiming(int index, String op, String kernel, double micros, long multiplyAdds) {

  /** A node without counted multiply-adds. */
  public NodeTiming(int index, String op, String kernel, double micros) {
    this(index, op, kernel, micros, 0);
  }
}
