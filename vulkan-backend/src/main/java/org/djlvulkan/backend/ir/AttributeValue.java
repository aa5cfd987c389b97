package org.djlvulkan.backend.ir;

/**
 * One attribute of an IR node, as a front end read it. Only the field its {@link Kind} names is
 * meaningful; the others hold a zero, an empty string or null.
 *
 * @param kind what the attribute holds
 * @param f a float
 * @param i an integer
 * @param s a string, or null
 * @param floats a list of floats, or null
 * @param ints a list of integers, or null
 * @param t a tensor, or null
 */
public record AttributeValue(
    Kind kind, float f, long i, String s, float[] floats, long[] ints, TensorData t) {
  /** What an attribute holds. */
  public enum Kind {
    /** A float. */
    FLOAT,
    /** An integer. */
    INT,
    /** A string. */
    STRING,
    /** A tensor. */
    TENSOR,
    /** A list of floats. */
    FLOATS,
    /** A list of integers. */
    INTS,
    /** Anything else (graphs, lists of strings or tensors): present, but not read by the IR. */
    OTHER
  }
}
