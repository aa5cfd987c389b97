package org.djlvulkan.backend.frontend.executorch;

import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.Op;

/**
 * The translations of ExecuTorch's group and instance normalization into the IR's
 * LayerNormalization and InstanceNormalization; {@link EtOperators} registers them. Their
 * statistics outputs (mean, reciprocal deviation) are not produced: inference graphs do not read
 * them.
 */
final class EtNormOperators {
  private EtNormOperators() {}

  /**
   * {@code native_group_norm(input, weight, bias, N, C, HxW, group, eps)}: the registry's group
   * norm, weight and bias per channel and optional (the lowering normalizes the rank-3 view of the
   * groups).
   */
  static void groupNorm(EtCall c, EtGraphBuilder b, int o) {
    EtOperators.emit(
        c,
        b,
        Op.GROUP_NORM,
        List.of(c.tensor(0), c.optionalTensor(1), c.optionalTensor(2)),
        List.of(c.outputs(o).get(0)),
        Attributes.builder().i("num_groups", c.integer(6)).f("epsilon", (float) c.real(7)).build(),
        Activation.NONE);
  }

  /**
   * {@code _native_batch_norm_legit.no_stats(input, weight, bias, training, momentum, eps)}: batch
   * statistics, which PyTorch's instance norm takes on its input reshaped to {@code [1, N * C, H,
   * W]}: per channel over the spatial axes, an InstanceNormalization.
   */
  static void batchNormNoStats(EtCall c, EtGraphBuilder b, int o) {
    long[] in = c.dims(0);
    if (in.length < 3 || in[0] != 1) {
      throw c.problem(
          "batch statistics of " + Arrays.toString(in) + " (instance norm's batch of 1 runs)");
    }
    String weight = c.optionalTensor(1);
    String bias = c.optionalTensor(2);
    EtOperators.emit(
        c,
        b,
        Op.INSTANCE_NORM,
        List.of(
            c.tensor(0),
            weight.isEmpty() ? b.filled(1f, in[1]) : weight,
            bias.isEmpty() ? b.filled(0f, in[1]) : bias),
        List.of(c.outputs(o).get(0)),
        Attributes.builder().f("epsilon", (float) c.real(5)).build(),
        Activation.NONE);
  }
}
