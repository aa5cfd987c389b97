package org.djlvulkan.backend.lower;

import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The output shapes of the view operators (Flatten, Reshape, Squeeze, Unsqueeze), read from their
 * attributes and constant inputs in one place for the float and int8 lowerings.
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
    switch (n.op()) {
      case FLATTEN:
        return ShapeRules.flattenedShape(in, n.attrs().i("axis", 1));
      case RESHAPE:
        return ShapeRules.reshapeTarget(
            in, cx.constant(n, 1, "the shape").toLongs(), n.attrs().i("allowzero", 0) != 0);
      case SQUEEZE:
        return ShapeRules.squeezedShape(in, axesOf(n));
      case UNSQUEEZE:
        {
          long[] axes = axesOf(n);
          if (axes == null) {
            throw cx.unsupported(n, "needs axes");
          }
          return ShapeRules.unsqueezedShape(in, axes);
        }
      default:
        throw cx.unsupported(n, "is not a view");
    }
  }

  /** The axes: the constant second input (older operator sets' attribute moved there on import). */
  private long[] axesOf(IrNode n) {
    TensorData t = cx.optionalConstant(n, 1, "axes");
    return t == null ? null : t.toLongs();
  }
}
