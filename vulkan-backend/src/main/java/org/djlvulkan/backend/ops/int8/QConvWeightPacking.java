package org.djlvulkan.backend.ops.int8;

/**
 * Repacks q8ta convolution weights once, at graph build, into the int32 words the kernels read
 * (byte i of a word = the lower-indexed value i, zero padded): 4OC x 4IC blocks (an ivec4 whose
 * lane j is output channel 4 * oc4 + j's weights of 4 consecutive input channels), depthwise words,
 * and the per-channel epilogue constants {@code wsum}, {@code m = s_x * s_w} and bias.
 */
public final class QConvWeightPacking {
  private QConvWeightPacking() {}

  /** An int8 weight by (output channel, reduction index); callers keep both in range. */
  @FunctionalInterface
  interface Matrix {
    int get(int oc, int k);
  }

  /**
   * GEMM blocks for {@code q8ta_gemm}: block (oc4, k4) = the ivec4 at index {@code oc4 * K4 + k4},
   * lane j = output channel {@code 4 * oc4 + j}, byte i = reduction index {@code 4 * k4 + i}.
   *
   * @param outChannels rows (OC)
   * @param k the reduction length (K)
   * @param w the weights
   * @return the packed words
   */
  static int[] gemmBlocks(int outChannels, int k, Matrix w) {
    int k4s = ceil4(k);
    int[] out = new int[ceil4(outChannels) * k4s * 4];
    for (int oc = 0; oc < outChannels; oc++) {
      for (int kk = 0; kk < k; kk++) {
        int word = (((oc / 4) * k4s + kk / 4) * 4) + oc % 4;
        out[word] |= (w.get(oc, kk) & 0xFF) << (8 * (kk % 4));
      }
    }
    return out;
  }

  /**
   * Pointwise GEMM blocks: the reduction index is the input channel.
   *
   * @param w 1x1 weights, groups == 1
   * @return the packed words
   */
  static int[] pointwiseBlocks(QConv2dWeights w) {
    return gemmBlocks(w.outChannels(), w.inChannelsPerGroup(), (oc, k) -> w.weight(oc, k, 0, 0));
  }

  /**
   * im2col GEMM blocks: reduction index {@code k = (kh * KW + kw) * C + ic}, the order of the
   * scratch's columns (groups == 1), with {@code C >= IC} channels per tap: weights of the channels
   * from IC on (the padding of a 4-channel group) are zero.
   *
   * @param w the weights
   * @param tapChannels C, the scratch's channels per tap (IC, or IC rounded up to 4)
   * @return the packed words
   */
  static int[] im2colBlocks(QConv2dWeights w, int tapChannels) {
    int ic = w.inChannelsPerGroup();
    int kw = w.kernelW();
    return gemmBlocks(
        w.outChannels(),
        tapChannels * w.kernelH() * kw,
        (oc, k) -> {
          int c = k % tapChannels;
          int tap = k / tapChannels;
          return c < ic ? w.weight(oc, c, tap / kw, tap % kw) : 0;
        });
  }

  /**
   * Sliding-window blocks for {@code q8ta_conv2d}: per (oc4, kh, kw) a run of ICG4 blocks, block
   * {@code ((oc4 * KH + kh) * KW + kw) * ICG4 + icg4}; lane j = output channel {@code 4 * oc4 + j},
   * byte i = its group's input channel {@code 4 * icg4 + i}.
   *
   * @param w the weights
   * @return the packed words
   */
  static int[] windowBlocks(QConv2dWeights w) {
    int icg = w.inChannelsPerGroup();
    int icg4s = ceil4(icg);
    int kh = w.kernelH();
    int kw = w.kernelW();
    int[] out = new int[ceil4(w.outChannels()) * kh * kw * icg4s * 4];
    for (int oc = 0; oc < w.outChannels(); oc++) {
      for (int y = 0; y < kh; y++) {
        for (int x = 0; x < kw; x++) {
          for (int c = 0; c < icg; c++) {
            int block = (((oc / 4) * kh + y) * kw + x) * icg4s + c / 4;
            out[block * 4 + oc % 4] |= (w.weight(oc, c, y, x) & 0xFF) << (8 * (c % 4));
          }
        }
      }
    }
    return out;
  }

  /**
   * Depthwise words for {@code q8ta_conv2d_dw}: one word per (oc4, kh, kw) at {@code (oc4 * KH +
   * kh) * KW + kw}, byte j = output channel {@code 4 * oc4 + j}.
   *
   * @param w the weights (one input channel per group)
   * @return the packed words
   */
  static int[] depthwiseWords(QConv2dWeights w) {
    int kh = w.kernelH();
    int kw = w.kernelW();
    int[] out = new int[ceil4(w.outChannels()) * kh * kw];
    for (int oc = 0; oc < w.outChannels(); oc++) {
      for (int y = 0; y < kh; y++) {
        for (int x = 0; x < kw; x++) {
          out[((oc / 4) * kh + y) * kw + x] |= (w.weight(oc, 0, y, x) & 0xFF) << (8 * (oc % 4));
        }
      }
    }
    return out;
  }

  /**
   * The epilogue constants per output channel group, as the kernels' {@code Q8Channels}: {@code
   * ivec4 wsum}, {@code vec4 scale}, {@code vec4 bias}, {@code ivec4 ibias} (16 words per group);
   * padded lanes are zero. Float bias form: {@code scale = s_x * s_w[c]} (one float multiply) and
   * the float bias; int32 bias form: {@code scale = (s_x * s_w[c]) / s_y}, float bias 0 and the
   * int32 bias.
   *
   * @param w the weights
   * @param inputScale {@code s_x}
   * @param outputScale {@code s_y}
   * @return the words
   */
  static int[] channelConstants(QConv2dWeights w, float inputScale, float outputScale) {
    int[] out = new int[ceil4(w.outChannels()) * 16];
    for (int oc = 0; oc < w.outChannels(); oc++) {
      int base = (oc / 4) * 16 + oc % 4;
      float m =
          w.hasIntBias() ? w.multiplier(oc, inputScale, outputScale) : inputScale * w.scale(oc);
      out[base] = w.weightSum(oc);
      out[base + 4] = Float.floatToRawIntBits(m);
      out[base + 8] = Float.floatToRawIntBits(w.bias(oc));
      out[base + 12] = w.intBias(oc);
    }
    return out;
  }

  static int ceil4(int x) {
    return ceilDiv(x, 4);
  }

  /** Returns {@code x / d} rounded up, for positive {@code d}. */
  public static int ceilDiv(int x, int d) {
    return (x + d - 1) / d;
  }
}
