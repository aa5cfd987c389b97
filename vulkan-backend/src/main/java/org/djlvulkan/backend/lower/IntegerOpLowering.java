package org.djlvulkan.backend.lower;

import java.nio.ByteBuffer;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.IntegerOps;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * Lowers the ONNX operators with int32 results, ConvInteger and MatMulInteger, onto {@link
 * IntegerOps}: their 8-bit operands are integer graph inputs (their raw bytes) or constants, and
 * their int32 result may only be a graph output.
 */
final class IntegerOpLowering {
  private final LoweringContext cx;

  IntegerOpLowering(LoweringContext cx) {
    this.cx = cx;
  }

  DeviceTensor lower(IrNode n) {
    GraphBuilder g = cx.builder();
    Value a = operand(n, 0, "the first operand");
    Value b = operand(n, 1, "the second operand");
    Value za = optionalOperand(n, 2, "the first zero point");
    Value zb = optionalOperand(n, 3, "the second zero point");
    Value out;
    if (n.op() == Op.CONV_INTEGER) {
      Conv2dParams p = cx.windows().conv(n, b.spec().shape(), a.spec().h(), a.spec().w());
      out = IntegerOps.convInteger(g, a, b, za, zb, p);
    } else {
      out = IntegerOps.matMulInteger(g, a, b, za, zb);
    }
    return new DeviceTensor(out, out.spec().shape(), null);
  }

  private Value optionalOperand(IrNode n, int i, String what) {
    return i < n.inputs().size() && !n.input(i).isEmpty() ? operand(n, i, what) : null;
  }

  /** Input {@code i} as U8/I8 NCHW: an integer graph input's bytes, or a constant uploaded. */
  private Value operand(IrNode n, int i, String what) {
    String name = n.input(i);
    Value raw = cx.bytesOrNull(name);
    if (raw != null) {
      return raw;
    }
    TensorData c = cx.constantOrNull(name);
    if (c == null) {
      throw cx.unsupported(
          n, what + " ('" + name + "') must be a uint8/int8 graph input or a constant");
    }
    if (c.type() != DataType.UINT8 && c.type() != DataType.INT8) {
      throw cx.unsupported(n, what + " " + c + " must be uint8 or int8");
    }
    cx.requireRank(n, c.shape(), what);
    long[] shape = c.rank() == 0 ? new long[] {1} : c.shape();
    TensorSpec spec = TensorSpec.of(IntegerInputs.byteType(c.type()), Layout.NCHW, shape);
    ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(c.count()));
    for (long v : c.toLongs()) {
      data.put((byte) v);
    }
    data.flip();
    return cx.builder().constant(name + ".bytes", spec, data);
  }
}
