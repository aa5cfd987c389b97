package org.djlvulkan.backend.lower;

import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.passes.OutputShapes;

/**
 * The output shapes of the view operators (Flatten, Reshape, Squeeze, Unsqueeze) for the float and
 * int8 lowerings: the registry's shape rule ({@link OutputShapes#view}), with a parameter computed
 * at run time and a rule's failure reported as the node's problem.
 */
final class ViewShapes {
  private final LoweringContext cx;

  ViewShapes(LoweringContext cx) {
    this.cx = cx;
  }

  /**
   * Returns the output shape of a Flatten, Reshape, Squeeze or Unsqueeze node.
   *
   * @param n the node
   * @param in its input's shape
   * @return the output shape (same element count)
   */
  long[] shape(IrNode n, long[] in) {
    if (n.op() == Op.RESHAPE) {
      cx.constant(n, 1, "the shape");
    } else {
      cx.optionalConstant(n, 1, "axes");
    }
    try {
      return OutputShapes.view(n, in, i -> cx.constantOrNull(n.input(i)));
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }
}
