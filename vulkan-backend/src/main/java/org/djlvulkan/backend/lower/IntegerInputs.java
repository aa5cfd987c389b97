package org.djlvulkan.backend.lower;

import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ops.int8.QuantizedLayoutOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * Graph inputs of uint8 or int8 data, fed at run time as bytes. Each is uploaded as 8-bit NCHW
 * (kept for {@link IntegerOpLowering}) and packed into int8 codes on the grid its quantized
 * consumers read it with ({@code QLinearConv}'s x scale and zero point, for example), so that it is
 * a quantized tensor like the output of a {@code QuantizeLinear}. An input no quantized operator
 * reads holds its integers themselves (scale 1, zero point 0), as it does for a per-axis
 * DequantizeLinear, which reads the integers.
 */
final class IntegerInputs {
  private IntegerInputs() {}

  /** Returns whether a graph input of this type is uploaded here. */
  static boolean handles(DataType type) {
    return type == DataType.UINT8 || type == DataType.INT8;
  }

  /** Returns the device type of 8-bit codes of this type: U8 for uint8, else I8. */
  static DType byteType(DataType type) {
    return type == DataType.UINT8 ? DType.U8 : DType.I8;
  }

  /**
   * Adds an integer graph input to the lowering.
   *
   * @param cx the lowering
   * @param name the input's name
   * @param type {@link DataType#UINT8} or {@link DataType#INT8}
   * @param shape its concrete ONNX shape (rank at most 6)
   */
  static void add(LoweringContext cx, String name, DataType type, long[] shape) {
    GraphBuilder g = cx.builder();
    long[] specShape = shape.length == 0 ? new long[] {1} : shape;
    DType dtype = byteType(type);
    Value raw = g.input(name, TensorSpec.of(dtype, Layout.NCHW, specShape));
    cx.putBytes(name, raw);
    Quant grid = grid(cx, name, type);
    // A 2-D [N, K] tensor is held as [N, K, 1, 1], the shape the linear kernels read; ranks 5 and
    // 6 as a 4-D view with the last dimensions merged, as float tensors of those ranks are.
    long[] held =
        shape.length == 2
            ? new long[] {shape[0], shape[1], 1, 1}
            : shape.length > 4 ? LoweringContext.merged(shape) : specShape;
    Value codes = raw;
    if (held != specShape) {
      codes = g.alias(name + ".4d", raw, TensorSpec.of(dtype, Layout.NCHW, held));
    }
    Value packed = QuantizedLayoutOps.fromBytes(g, codes, grid.int8(), Layout.INT8_4C1W);
    cx.put(name, new DeviceTensor(packed, shape, grid));
  }

  /**
   * Adds a bool graph input: its bytes (0 or 1) are uploaded as uint8 codes on the grid of scale 1,
   * so float consumers read 0.0 and 1.0.
   *
   * @param cx the lowering
   * @param name the input's name
   * @param shape its concrete ONNX shape (rank at most 4)
   */
  static void addBool(LoweringContext cx, String name, long[] shape) {
    GraphBuilder g = cx.builder();
    long[] specShape = shape.length == 0 ? new long[] {1} : shape;
    Value raw = g.input(name, TensorSpec.of(DType.U8, Layout.NCHW, specShape));
    cx.putBytes(name, raw);
    Quant grid = new Quant(1f, 0, DataType.UINT8);
    Value packed = QuantizedLayoutOps.fromBytes(g, raw, grid.int8(), Layout.INT8_4C1W);
    cx.put(name, new DeviceTensor(packed, shape, grid));
  }

  /**
   * The grid the quantized consumers of an input read it with, or the integers themselves when none
   * does.
   *
   * @throws org.djlvulkan.backend.model.UnsupportedModelException when two consumers read it on
   *     different grids, or on a grid of another type
   */
  static Quant grid(LoweringContext cx, String name, DataType type) {
    Quant grid = null;
    IrNode first = null;
    for (IrNode n : cx.consumers(name)) {
      for (int i = 0; i < n.inputs().size(); i++) {
        int scale = scaleInput(n, i);
        if (!n.input(i).equals(name) || scale < 0 || QuantOpLowering.perAxisDequantize(cx, n)) {
          continue;
        }
        Quant q = cx.quant(n, scale, scale + 1);
        if (q.type() != type) {
          throw cx.unsupported(
              n, "input '" + name + "' of type " + type + " is read as " + q.type() + " codes");
        }
        if (grid != null && !grid.equals(q)) {
          throw cx.unsupported(
              n,
              "graph input '"
                  + name
                  + "' is read on two grids: "
                  + grid
                  + " by '"
                  + first.name()
                  + "' and "
                  + q);
        }
        grid = q;
        first = n;
      }
    }
    return grid != null ? grid : new Quant(1f, 0, type);
  }

  /**
   * The input index of the scale that belongs to input {@code i} of a quantized operator (its zero
   * point follows it), or -1 when input {@code i} is not a quantized operand.
   */
  private static int scaleInput(IrNode n, int i) {
    switch (n.op()) {
      case QMAT_MUL:
      case QADD:
      case QMUL:
        return i == 0 || i == 3 ? i + 1 : -1; // A and B
      case DEQUANTIZE:
      case QCONV:
      case QAVERAGE_POOL:
      case QGLOBAL_AVERAGE_POOL:
      case QSIGMOID:
      case QLEAKY_RELU:
      case QGEMM:
        return i == 0 ? 1 : -1;
      case QCONCAT:
        return i >= 2 && i % 3 == 2 ? i + 1 : -1;
      default:
        return -1;
    }
  }
}
