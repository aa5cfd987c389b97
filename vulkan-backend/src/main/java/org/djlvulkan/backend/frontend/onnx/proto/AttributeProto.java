package org.djlvulkan.backend.frontend.onnx.proto;

import java.util.List;

/**
 * A decoded {@code AttributeProto}. Only the field that {@code type} names is meaningful.
 *
 * @param name the attribute's name
 * @param type {@code AttributeType}: 1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 5 GRAPH, 6 FLOATS, 7 INTS,
 *     8 STRINGS, 9 TENSORS, 10 GRAPHS (0 when the file leaves it out: then inferred from the field)
 * @param f {@code f}
 * @param i {@code i}
 * @param s {@code s}, decoded as UTF-8
 * @param t {@code t}, or null
 * @param g {@code g}, or null
 * @param floats {@code floats}
 * @param ints {@code ints}
 * @param strings {@code strings}, decoded as UTF-8
 * @param tensors {@code tensors}
 * @param graphs {@code graphs}
 */
public record AttributeProto(
    String name,
    int type,
    float f,
    long i,
    String s,
    TensorProto t,
    GraphProto g,
    float[] floats,
    long[] ints,
    List<String> strings,
    List<TensorProto> tensors,
    List<GraphProto> graphs) {
  /** {@code AttributeType.FLOAT}. */
  public static final int FLOAT = 1;

  /** {@code AttributeType.INT}. */
  public static final int INT = 2;

  /** {@code AttributeType.STRING}. */
  public static final int STRING = 3;

  /** {@code AttributeType.TENSOR}. */
  public static final int TENSOR = 4;

  /** {@code AttributeType.GRAPH}. */
  public static final int GRAPH = 5;

  /** {@code AttributeType.FLOATS}. */
  public static final int FLOATS = 6;

  /** {@code AttributeType.INTS}. */
  public static final int INTS = 7;

  /** {@code AttributeType.STRINGS}. */
  public static final int STRINGS = 8;
}
