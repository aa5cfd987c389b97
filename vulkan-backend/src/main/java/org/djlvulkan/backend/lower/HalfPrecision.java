package org.djlvulkan.backend.lower;

import java.util.Set;
import java.util.function.Function;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;

/**
 * Which float operators read and write fp16 activations in the fp16 precision mode: those whose
 * every lowering path has fp16 kernels (convolution, linear, pooling, clamp, add/sub/mul, channel
 * concat, softmax) or moves no element (views, identity). Every other operator reads fp32,
 * converted once per value ({@link LoweringContext#stored}).
 */
final class HalfPrecision {
  private static final Set<Op> ALWAYS =
      Set.of(
          Op.CONV,
          Op.RELU,
          Op.CLIP,
          Op.MAX_POOL,
          Op.AVERAGE_POOL,
          Op.GLOBAL_AVERAGE_POOL,
          Op.GLOBAL_MAX_POOL,
          Op.ADD,
          Op.SUB,
          Op.MUL,
          Op.FLATTEN,
          Op.RESHAPE,
          Op.SQUEEZE,
          Op.UNSQUEEZE,
          Op.IDENTITY,
          Op.DROPOUT,
          Op.SOFTMAX);

  private HalfPrecision() {}

  /**
   * Returns whether a node reads its float inputs in fp16.
   *
   * @param n the node
   * @param constants the value of a constant by name, null for a value computed at run time
   * @return true when all the node's lowering paths take fp16 activations
   */
  static boolean takesHalf(IrNode n, Function<String, TensorData> constants) {
    if (ALWAYS.contains(n.op())) {
      return true;
    }
    switch (n.op()) {
      case GEMM:
        // The linear layer: constant B, A not transposed, C absent or constant.
        return n.attrs().i("transA", 0) == 0
            && constants.apply(n.input(1)) != null
            && (n.input(2).isEmpty() || constants.apply(n.input(2)) != null);
      case CONCAT:
        // Along the channel axis of a 4-D tensor (other axes permute, in fp32).
        long axis = n.attrs().i("axis", Long.MIN_VALUE);
        return axis == 1;
      default:
        return false;
    }
  }
}
