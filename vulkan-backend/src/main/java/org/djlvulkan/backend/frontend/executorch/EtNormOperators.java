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
   * {@code native_group_norm(input, weight, bias, N, C, HxW, group, eps)}: the input as {@code [N,
   * G, C / G * H * W]}, a LayerNormalization over the last axis, back to the input's shape, then
   * the per-channel weight and bias.
   */
  static void groupNorm(EtCall c, EtGraphBuilder b, int o) {
    long[] in = c.dims(0);
    long groups = c.integer(6);
    if (in.length < 2 || groups <= 0 || in[1] % groups != 0) {
      throw c.problem("group norm of " + Arrays.toString(in) + " in " + groups + " groups");
    }
    long channels = in[1];
    long per = Arrays.stream(in).skip(1).reduce(1, Math::multiplyExact) / groups;
    String grouped = b.fresh(c.name() + ":groups");
    EtOperators.emit(
        c, b, Op.RESHAPE, List.of(c.tensor(0), b.longs(0, groups, per)), List.of(grouped));
    String normalized = b.fresh(c.name() + ":normalized");
    EtOperators.emit(
        c,
        b,
        Op.LAYER_NORM,
        List.of(grouped, b.filled(1f, per), ""),
        List.of(normalized),
        Attributes.builder().i("axis", 2).f("epsilon", (float) c.real(7)).build(),
        Activation.NONE);
    long[] back = in.clone();
    back[0] = 0;
    long[] perChannel = new long[in.length - 1];
    Arrays.fill(perChannel, 1);
    perChannel[0] = channels;
    String y = b.fresh(c.name() + ":shaped");
    EtOperators.emit(c, b, Op.RESHAPE, List.of(normalized, b.longs(back)), List.of(y));
    String output = c.outputs(o).get(0);
    String weight = c.optionalTensor(1);
    String bias = c.optionalTensor(2);
    if (!weight.isEmpty()) {
      String scaled = bias.isEmpty() ? output : b.fresh(c.name() + ":scaled");
      EtOperators.emit(
          c, b, Op.MUL, List.of(y, reshaped(c, b, weight, perChannel)), List.of(scaled));
      y = scaled;
    }
    if (!bias.isEmpty()) {
      EtOperators.emit(c, b, Op.ADD, List.of(y, reshaped(c, b, bias, perChannel)), List.of(output));
    } else if (weight.isEmpty()) {
      EtOperators.emit(c, b, Op.IDENTITY, List.of(y), List.of(output));
    }
  }

  private static String reshaped(EtCall c, EtGraphBuilder b, String vector, long[] shape) {
    String out = b.fresh(c.name() + ":channels");
    EtOperators.emit(c, b, Op.RESHAPE, List.of(vector, b.longs(shape)), List.of(out));
    return out;
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
