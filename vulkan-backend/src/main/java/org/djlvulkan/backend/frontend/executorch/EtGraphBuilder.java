package org.djlvulkan.backend.frontend.executorch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.TensorData;

/** Collects the IR nodes and constants that the translation of a program makes. Not thread-safe. */
final class EtGraphBuilder {
  private final List<IrNode> nodes = new ArrayList<>();
  private final Map<String, TensorData> constants = new LinkedHashMap<>();
  private int made;

  /** Returns the nodes in the order they were added. */
  List<IrNode> nodes() {
    return nodes;
  }

  /** Returns the constants by value name. */
  Map<String, TensorData> constants() {
    return constants;
  }

  /** Returns a fresh value name with a readable prefix. */
  String fresh(String prefix) {
    return prefix + "#" + made++;
  }

  /** Registers a constant under a name and returns the name. */
  String constant(String name, TensorData t) {
    constants.put(name, t);
    return name;
  }

  /** Registers a constant under a fresh name. */
  String constant(TensorData t) {
    return constant(fresh("const"), t);
  }

  /** A float scalar constant. */
  String scalar(float v) {
    return constant(TensorData.ofFloats(new float[] {v}));
  }

  /**
   * An 8-bit zero point constant of the quantized tensor's type ({@code INT8} or {@code UINT8}).
   */
  String zeroPoint(long z, DataType type) {
    ByteBuffer b = ByteBuffer.allocate(1);
    b.put(0, (byte) z);
    return constant(new TensorData(type, new long[0], b));
  }

  /** An int64 vector constant (shapes, axes). */
  String longs(long... v) {
    return constant(TensorData.ofLongs(v, v.length));
  }

  /** A float constant of the given shape with every element {@code value}. */
  String filled(float value, long... shape) {
    float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
    Arrays.fill(v, value);
    return constant(TensorData.ofFloats(v, shape));
  }

  /** A float vector constant. */
  String floats(float[] v) {
    return constant(TensorData.ofFloats(v, v.length));
  }

  /** An int32 vector constant. */
  String ints32(int[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < v.length; i++) {
      b.putInt(i * 4, v[i]);
    }
    return constant(new TensorData(DataType.INT32, new long[] {v.length}, b));
  }

  /** Adds a node. */
  void node(IrNode node) {
    nodes.add(node);
  }
}
