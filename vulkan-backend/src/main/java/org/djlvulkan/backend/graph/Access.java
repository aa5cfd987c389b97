package org.djlvulkan.backend.graph;

/** How a node touches a bound value; the hazard tracker derives barriers from it. */
public enum Access {
  /** The node only reads. */
  READ,
  /** The node only writes. */
  WRITE,
  /** The node reads and writes. */
  READ_WRITE;

  /** Returns whether the access reads. */
  public boolean reads() {
    return this != WRITE;
  }

  /** Returns whether the access writes. */
  public boolean writes() {
    return this != READ;
  }
}
