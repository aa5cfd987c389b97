package org.djlvulkan.backend.lower;

import java.util.List;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.plan.KernelPlanner;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * The rule for the layout each int8 result is produced in: the layout its first consumer reads, so
 * no layout change runs between them. A q8ta convolution reads the layout of the kernel the model's
 * {@link KernelPlanner} picks for it; a linear layer reads 4C1W; an add, mul or concat reads its
 * other int8 operand's layout; MaxPool and reshapes pass codes through, so the choice looks through
 * them (up to 8 deep). The default is 4W4C, the GEMM kernels' own. The planning pass ({@link
 * PlanningPass}) applies it to the graph before lowering; the lowering applies it live only to a
 * value the plan did not foresee.
 */
final class Int8Layouts {
  private static final int MAX_DEPTH = 8;

  /** What the rule reads about the graph as produced so far (lowered, or planned). */
  interface Facts {
    /** Returns the nodes that read a value, in graph order. */
    List<IrNode> consumers(String value);

    /** Returns a constant's value, or null for a value computed at run time. */
    TensorData constantOrNull(String value);

    /** Returns the layout of a value already produced as int8 codes, or null. */
    Layout int8Layout(String value);
  }

  private final Facts facts;
  private final KernelPlanner kernels;

  Int8Layouts(Facts facts, KernelPlanner kernels) {
    this.facts = facts;
    this.kernels = kernels;
  }

  /**
   * Returns the layout to produce an int8 value in.
   *
   * @param value the IR value
   * @param shape its shape ({@code [N, C, H, W]}, or a 2-D one held as {@code [N, K, 1, 1]})
   * @param q its quantization
   * @return the layout its first consumer reads
   */
  Layout produced(String value, long[] shape, QuantParams q) {
    return produced(value, shape, q, 0);
  }

  private Layout produced(String value, long[] shape, QuantParams q, int depth) {
    for (IrNode c : facts.consumers(value)) {
      switch (c.op()) {
        case QCONV:
          if (c.input(0).equals(value) && shape.length == 4) {
            Layout l = convInput(c, shape, q);
            if (l != null) {
              return l;
            }
          }
          break;
        case QGEMM:
        case QMAT_MUL:
          return Layout.INT8_4C1W;
        case QADD:
        case QMUL:
        case QCONCAT:
          for (String other : c.inputs()) {
            Layout l = other.equals(value) ? null : facts.int8Layout(other);
            if (l != null) {
              return l;
            }
          }
          break;
        default:
          if (Int8OpLowering.PASS_THROUGH.contains(c.op()) && depth < MAX_DEPTH) {
            return produced(c.output(), shape, q, depth + 1);
          }
          break;
      }
    }
    return Layout.INT8_4W4C;
  }

  /**
   * Returns the input layout of the kernel planned for a QLinearConv with an input of this shape,
   * or null when its weights, geometry or shape have a problem (reported when the convolution
   * itself is lowered).
   *
   * @param conv the convolution
   * @param shape its input's shape
   * @param q its input's quantization
   * @return the layout, or null
   */
  Layout convInput(IrNode conv, long[] shape, QuantParams q) {
    TensorData w = facts.constantOrNull(conv.input(3));
    if (w == null || w.rank() != 4) {
      return null;
    }
    Conv2dParams p;
    try {
      p = WindowAttributes.convParams(conv, w.shape(), (int) shape[2], (int) shape[3]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return kernels
        .qconvInputLayout(p, TensorSpec.quantized(Layout.INT8_4W4C, q, shape), (int) w.shape()[0])
        .orElse(null);
  }
}
