package org.djlvulkan.backend.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.fp.Conv2dWeights;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * Repacks weights and biases once, at graph build, into the layouts the kernels read (zero padded):
 * 4OC x 4IC GEMM blocks, direct-convolution blocks per tap, per-lane vec4s.
 */
public final class ConvWeightPacking {
  private ConvWeightPacking() {}

  /** A weight by (output channel, reduction index); callers guarantee both are in range. */
  @FunctionalInterface
  public interface Matrix {
    float get(int oc, int k);
  }

  /**
   * GEMM blocks for {@code gemm_tiled_f32}: block (oc4, k4) = 4 vec4s at vec4 index {@code (oc4 *
   * K4 + k4) * 4}, vec4 j holding output channels {@code 4*oc4 .. 4*oc4+3} for reduction index
   * {@code 4*k4+j}.
   *
   * @param outChannels rows (OC)
   * @param k the reduction length (K)
   * @param w the weights
   * @return the packed floats
   */
  public static float[] gemmBlocks(int outChannels, int k, Matrix w) {
    int oc4s = ceil4(outChannels);
    int k4s = ceil4(k);
    float[] out = new float[oc4s * k4s * 16];
    for (int oc = 0; oc < outChannels; oc++) {
      for (int kk = 0; kk < k; kk++) {
        out[((((oc / 4) * k4s + kk / 4) * 4 + kk % 4) * 4) + oc % 4] = w.get(oc, kk);
      }
    }
    return out;
  }

  /**
   * im2col GEMM weights: reduction index {@code k = (kh * KW + kw) * IC + ic}, the order of the
   * im2col scratch's channels (groups == 1).
   *
   * @param w the convolution weights
   * @return the packed floats
   */
  public static float[] im2colBlocks(Conv2dWeights w) {
    return im2colBlocks(w, w.inChannelsPerGroup());
  }

  /**
   * Implicit im2col GEMM weights: reduction index {@code k = (kh * KW + kw) * ICP + ic} with the
   * input channels padded to {@code ICP = 4 * ceil(IC / 4)}, the order in which the implicit GEMM
   * reads an NC4HW4 input (whole channel groups per tap); the padded channels' weights are zero
   * (their inputs are too). For IC a multiple of 4 this is {@link #im2colBlocks(Conv2dWeights)}.
   *
   * @param w the convolution weights (groups == 1)
   * @return the packed floats
   */
  public static float[] implicitIm2colBlocks(Conv2dWeights w) {
    return im2colBlocks(w, 4 * ceil4(w.inChannelsPerGroup()));
  }

  private static float[] im2colBlocks(Conv2dWeights w, int icPadded) {
    int ic = w.inChannelsPerGroup();
    int kw = w.kernelW();
    return gemmBlocks(
        w.outChannels(),
        icPadded * w.kernelH() * kw,
        (oc, k) -> {
          int c = k % icPadded;
          int tap = k / icPadded;
          return c < ic ? w.weight(oc, c, tap / kw, tap % kw) : 0f;
        });
  }

  /**
   * Direct-convolution blocks: per (oc4, kh, kw) a run of ICG4 4OC x 4IC blocks, block index {@code
   * ((oc4 * KH + kh) * KW + kw) * ICG4 + ic4}.
   *
   * @param w the weights
   * @return the packed floats
   */
  public static float[] directBlocks(Conv2dWeights w) {
    int icg = w.inChannelsPerGroup();
    int icg4 = ceil4(icg);
    int kh = w.kernelH();
    int kw = w.kernelW();
    float[] out = new float[ceil4(w.outChannels()) * kh * kw * icg4 * 16];
    for (int oc = 0; oc < w.outChannels(); oc++) {
      for (int y = 0; y < kh; y++) {
        for (int x = 0; x < kw; x++) {
          for (int c = 0; c < icg; c++) {
            int block = (((oc / 4) * kh + y) * kw + x) * icg4 + c / 4;
            out[(block * 4 + c % 4) * 4 + oc % 4] = w.weight(oc, c, y, x);
          }
        }
      }
    }
    return out;
  }

  /**
   * Per-lane weights of the gathering direct kernel: one vec4 (4 output channels) per (oc4, kh, kw,
   * icg), index {@code ((oc4 * KH + kh) * KW + kw) * ICG + icg}. With ICG = 1 this is the depthwise
   * layout {@code (oc4 * KH + kh) * KW + kw}.
   *
   * @param w the weights
   * @return the packed floats
   */
  public static float[] laneVectors(Conv2dWeights w) {
    int icg = w.inChannelsPerGroup();
    int kh = w.kernelH();
    int kw = w.kernelW();
    float[] out = new float[ceil4(w.outChannels()) * kh * kw * icg * 4];
    for (int oc = 0; oc < w.outChannels(); oc++) {
      for (int y = 0; y < kh; y++) {
        for (int x = 0; x < kw; x++) {
          for (int c = 0; c < icg; c++) {
            int vec = (((oc / 4) * kh + y) * kw + x) * icg + c;
            out[vec * 4 + oc % 4] = w.weight(oc, c, y, x);
          }
        }
      }
    }
    return out;
  }

  /**
   * A per-channel vector padded to whole vec4s (bias, scale); null gives zeros.
   *
   * @param channels the channel count
   * @param values the values or null
   * @return the padded floats
   */
  public static float[] channelVector(int channels, float[] values) {
    float[] out = new float[ceil4(channels) * 4];
    if (values != null) {
      System.arraycopy(values, 0, out, 0, channels);
    }
    return out;
  }

  /**
   * Declares packed floats as a graph constant.
   *
   * @param g the graph
   * @param name the constant's name
   * @param values the floats
   * @return the constant
   */
  public static Value constant(GraphBuilder g, String name, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return g.constant(name, TensorSpec.of(DType.F32, Layout.NCHW, values.length), bytes);
  }

  /** Returns how many groups of 4 hold {@code x} items. */
  public static int ceil4(int x) {
    return (x + 3) / 4;
  }
}
