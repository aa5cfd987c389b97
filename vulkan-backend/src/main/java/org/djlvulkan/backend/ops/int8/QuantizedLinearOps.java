package org.djlvulkan.backend.ops.int8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.ops.TiledDispatch;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Quantized fully connected layer (ONNX QGemm, QLinearMatMul as a classifier) on an int8 4C1W
 * {@code [N, K]} input (or {@code [N, K, 1, 1]}, as after global pooling) with the weights packed
 * once into 4x4 int8 blocks. Per output channel c, ONNX Runtime's form: the int32 bias joins the
 * integer sum and one float multiply follows,
 *
 * <pre>
 * acc' = sum_k (x[k] - z_x) * (w[c][k] - wzp[c]) + b[c]   (int32; computed as acc - wzp[c] *
 *                                                      sum_k x[k] + K * z_x * wzp[c] - z_x *
 *                                                      sum_k w[c][k] + b[c])
 * y    = float(acc') * m[c]                            (one IEEE binary32 multiply)
 * y    = clamp(y, lo, hi)                              (with a clamp activation, e.g. ReLU)
 * </pre>
 *
 * then either int8 with {@code m[c] = (s_x * s_w[c]) / s_y} (two float operations on the host, in
 * this order), the bounds in output steps ({@code rint(bound / s_y)}) and {@code q =
 * clamp(roundEven(y) + z_y, -128, 127)}, or fp32 (QGemm without {@code y_scale}) with {@code m[c] =
 * s_x * s_w[c]}. The sums use the packed 4x8-bit dot product where the device has it and {@code
 * DJL_VULKAN_INT8_DOT} is not {@code off}; the fallback gives the same integers.
 */
public final class QuantizedLinearOps {
  /** The operator's name. */
  public static final String OP = "et_vk.q8ta_linear.default";

  /** The largest K: {@code K * 255 * 255} fits int32, so no sum can overflow. */
  static final int MAX_K = 32768;

  /**
   * On a CPU driver the GEMV form is used while rows x channel groups stays at or below this: with
   * few rows, one invocation per (row, channel group) looping over all of K leaves most of a GPU
   * idle (ResNet50's classifier at batch 1: 250 invocations, each 512 steps long; 110 us of a 0.93
   * ms run on an H100). GPUs take the GEMV form at any batch: on an H100 the loop form took 0.67 to
   * 0.72 ms for ResNet50's classifier at batch 256, with one row or four per invocation (session
   * 27).
   */
  static final int GEMV_MAX_OUTPUT_WORDS = 16384;

  /** The K words below which the GEMV form's 64-wide reduction would leave invocations idle. */
  static final int GEMV_MIN_K4S = 64;

  /** The invocations of one GEMV workgroup ({@code GEMV_THREADS} of {@code int8_linear.comp}). */
  static final int GEMV_THREADS = 64;

  /** The invocations of one tiled workgroup ({@code TILE_THREADS} of {@code int8_linear.comp}). */
  static final int TILE_THREADS = 256;

  /** The rows of one tile of the tiled form ({@code TILE_ROWS} of {@code int8_linear.comp}). */
  static final int TILE_ROWS = 32;

  /** The channel groups of one tile ({@code TILE_OC4S} of {@code int8_linear.comp}). */
  static final int TILE_OC4S = 32;

  /** How the reduction over K is spread. */
  enum Reduction {
    /**
     * On GPUs, the tiled form from {@link #TILE_ROWS} rows on and the GEMV form below that, both
     * for long K; on CPU drivers the GEMV form for few rows and long K; the loop otherwise.
     */
    AUTO,
    /** One invocation per (row, channel group) loops over K. */
    LOOP,
    /** One workgroup per (row, channel group) splits K and adds in shared memory. */
    WORKGROUP,
    /**
     * One workgroup per tile of {@link #TILE_ROWS} rows x {@link #TILE_OC4S} channel groups, K
     * staged through shared memory: each row's words and each weight group read once per tile, for
     * many rows (a classifier at large batches). With the output in device memory ({@code
     * DJL_VULKAN_OUTPUT_MEMORY}'s default on discrete GPUs) it took ResNet50 int8's span at batch
     * 256 on an H100 0.2 ms under the GEMV form's (session 31); its tests passed there in session
     * 33.
     */
    TILED;

    boolean tiled(int rows, int k4s, boolean gpu) {
      return this == TILED || (this == AUTO && gpu && rows >= TILE_ROWS && k4s >= GEMV_MIN_K4S);
    }

    boolean workgroup(int rows, int k4s, int oc4s, boolean gpu) {
      return this == WORKGROUP
          || (this == AUTO
              && k4s >= GEMV_MIN_K4S
              && (gpu || (long) rows * oc4s <= GEMV_MAX_OUTPUT_WORDS));
    }
  }

  private QuantizedLinearOps() {}

  /**
   * Adds a quantized linear layer with int8 output.
   *
   * @param g the graph
   * @param input int8 4C1W {@code [N, K]} or {@code [N, K, 1, 1]}
   * @param w the weights ({@code [OC][K]}), their scales and zero points, and the bias
   * @param outQuant the output's quantization
   * @param act a clamp activation (ReLU) or {@link Activation#NONE}
   * @return int8 4C1W {@code [N, OC]}
   */
  public static Value linear(
      GraphBuilder g, Value input, QuantizedLinearWeights w, QuantParams outQuant, Activation act) {
    return onDevicePath(g, input, w, outQuant, Output.CODES, act);
  }

  /**
   * Adds a quantized linear layer with fp32 output (QGemm without {@code y_scale}).
   *
   * @param g the graph
   * @param input int8 4C1W {@code [N, K]} or {@code [N, K, 1, 1]}
   * @param w the weights ({@code [OC][K]}), their scales and zero points, and the bias
   * @param act a clamp activation (ReLU) or {@link Activation#NONE}
   * @return F32 NC4HW4 {@code [N, OC]}
   */
  public static Value linearToFloat(
      GraphBuilder g, Value input, QuantizedLinearWeights w, Activation act) {
    return onDevicePath(g, input, w, null, Output.FLOAT, act);
  }

  /**
   * Adds a quantized linear layer whose int8 output a DequantizeLinear of the same grid reads
   * alone: the layer computes the codes as {@link #linear} does and writes their real values {@code
   * float(q - z_y) * s_y}, as {@code LayoutOps.dequantize} computes them, in one dispatch.
   *
   * @param g the graph
   * @param input int8 4C1W {@code [N, K]} or {@code [N, K, 1, 1]}
   * @param w the weights ({@code [OC][K]}), their scales and zero points, and the bias
   * @param outQuant the quantization of the codes
   * @param act a clamp activation (ReLU) or {@link Activation#NONE}
   * @return F32 NCHW {@code [N, OC]}: the codes' real values, as {@code LayoutOps.dequantize}
   *     writes them
   */
  public static Value linearDequantized(
      GraphBuilder g, Value input, QuantizedLinearWeights w, QuantParams outQuant, Activation act) {
    return onDevicePath(g, input, w, outQuant, Output.DEQUANTIZED, act);
  }

  /** The layer with the device's dot-product path and the reduction's form chosen by shape. */
  private static Value onDevicePath(
      GraphBuilder g,
      Value input,
      QuantizedLinearWeights w,
      QuantParams outQuant,
      Output output,
      Activation act) {
    boolean packedDot = Int8Support.packedDot(g.capabilities(), g.kernelPolicy());
    return linear(g, input, w, outQuant, output, act, packedDot, Reduction.AUTO);
  }

  /** What the layer writes. */
  enum Output {
    /** int8 codes, 4C1W. */
    CODES,
    /** fp32 {@code acc' * s_x * s_w[c]}, NC4HW4 (QGemm without an output scale). */
    FLOAT,
    /** The codes' real values {@code (q - z_y) * s_y}, NCHW. */
    DEQUANTIZED
  }

  /**
   * Adds the layer writing {@code output}, with a forced choice of the dot-product path and of the
   * reduction's form.
   *
   * @param outQuant the output's quantization (null only for {@link Output#FLOAT})
   * @param packedDot whether to use the packed dot product (the device must support it)
   * @param reduction how the reduction over K is spread
   */
  static Value linear(
      GraphBuilder g,
      Value input,
      QuantizedLinearWeights w,
      QuantParams outQuant,
      Output output,
      Activation act,
      boolean packedDot,
      Reduction reduction) {
    QuantParams inQuant = Int8Support.requirePacked(OP, input, Layout.INT8_4C1W);
    act.requireClampOnly(OP);
    TensorSpec in = input.spec();
    OpSupport.requireFeatureRows(OP, input, w.inFeatures(), w.outFeatures());
    if (w.inFeatures() > MAX_K) {
      throw new IllegalArgumentException(
          OP
              + ": K="
              + w.inFeatures()
              + " is larger than "
              + MAX_K
              + ", beyond which the int32 sums could overflow");
    }
    if ((outQuant == null) != (output == Output.FLOAT)) {
      throw new IllegalArgumentException(
          OP + ": " + output + " output with quantization " + outQuant);
    }
    boolean toFloat = output == Output.FLOAT;
    TensorSpec outSpec =
        switch (output) {
          case CODES -> TensorSpec.quantized(Layout.INT8_4C1W, outQuant, in.n(), w.outFeatures());
          case FLOAT -> TensorSpec.of(DType.F32, Layout.NC4HW4, in.n(), w.outFeatures());
          case DEQUANTIZED -> TensorSpec.of(DType.F32, Layout.NCHW, in.n(), w.outFeatures());
        };
    Value out = g.intermediate("q8_linear(" + input.name() + ")", outSpec);
    Value weights = Int8Support.intConstant(g, out.name() + ".weight", packBlocks(w));
    Value channels =
        g.constant(
            out.name() + ".channels",
            TensorSpec.of(
                DType.I32, Layout.NCHW, ConvWeightPacking.ceil4(w.outFeatures()) * 4L * 3),
            channelParams(w, inQuant, outQuant));
    int k4s = ConvWeightPacking.ceil4(w.inFeatures());
    int oc4s = ConvWeightPacking.ceil4(w.outFeatures());
    int realLanes = w.inFeatures() - (k4s - 1) * 4;
    int lastMask = realLanes == 4 ? -1 : (1 << (8 * realLanes)) - 1;
    float lo = act.clamp() ? bound(act.lo(), outQuant) : 0f;
    float hi = act.clamp() ? bound(act.hi(), outQuant) : 0f;
    byte[] push =
        PushConstants.words(10)
            .i(in.n())
            .i(k4s)
            .i(oc4s)
            .i(w.outFeatures())
            .i(lastMask)
            .i(toFloat ? 0 : outQuant.zeroPoint())
            .i(act.clamp() ? 1 : 0)
            .f(lo)
            .f(hi)
            .f(toFloat ? 0f : outQuant.scale())
            .build();
    List<Binding> bindings =
        List.of(
            Binding.write(out), Binding.read(input), Binding.read(weights), Binding.read(channels));
    // Kernels by [loop, gemv, tiled][output][packedDot].
    KernelId[][][] kernels = {
      {
        {KernelId.INT8_LINEAR_Q8, KernelId.INT8_LINEAR_Q8_DOT},
        {KernelId.INT8_LINEAR_F32, KernelId.INT8_LINEAR_F32_DOT},
        {KernelId.INT8_LINEAR_DQ, KernelId.INT8_LINEAR_DQ_DOT}
      },
      {
        {KernelId.INT8_LINEAR_Q8_GEMV, KernelId.INT8_LINEAR_Q8_GEMV_DOT},
        {KernelId.INT8_LINEAR_F32_GEMV, KernelId.INT8_LINEAR_F32_GEMV_DOT},
        {KernelId.INT8_LINEAR_DQ_GEMV, KernelId.INT8_LINEAR_DQ_GEMV_DOT}
      },
      {
        {KernelId.INT8_LINEAR_Q8_TILED, KernelId.INT8_LINEAR_Q8_TILED_DOT},
        {KernelId.INT8_LINEAR_F32_TILED, KernelId.INT8_LINEAR_F32_TILED_DOT},
        {KernelId.INT8_LINEAR_DQ_TILED, KernelId.INT8_LINEAR_DQ_TILED_DOT}
      }
    };
    int form = output.ordinal();
    int dot = packedDot ? 1 : 0;
    Grid gemvGrid = new Grid(oc4s, in.n(), 1);
    int[] max = g.capabilities().maxWorkgroupCount();
    boolean gpu = g.device().info().type().isGpu();
    if (reduction.tiled(in.n(), k4s, gpu)) {
      Grid tileGrid =
          new Grid(
              QConvWeightPacking.ceilDiv(oc4s, TILE_OC4S),
              QConvWeightPacking.ceilDiv(in.n(), TILE_ROWS),
              1);
      if (tileGrid.x() <= max[0] && tileGrid.y() <= max[1]) {
        g.dispatch(
            OP,
            PipelineKey.of(kernels[2][form][dot], TILE_THREADS, 1, 1),
            bindings,
            push,
            tileGrid);
        return out;
      }
    }
    if (reduction.workgroup(in.n(), k4s, oc4s, gpu) && oc4s <= max[0] && in.n() <= max[1]) {
      g.dispatch(
          OP, PipelineKey.of(kernels[1][form][dot], GEMV_THREADS, 1, 1), bindings, push, gemvGrid);
      return out;
    }
    TiledDispatch d =
        TiledDispatch.of(g.capabilities(), oc4s, in.n(), 1, TiledDispatch.INVOCATIONS, OP);
    g.dispatch(OP, d.pipeline(kernels[0][form][dot]), bindings, push, d.grid());
    return out;
  }

  /**
   * Packs the weights into 4x4 blocks: block (k4, oc4) is 4 words at word {@code (k4 * OC4 + oc4) *
   * 4}, word j holding output channel {@code 4 * oc4 + j}'s weights for {@code k = 4 * k4 .. 4 * k4
   * + 3}, byte b for {@code k = 4 * k4 + b}; padding is zero.
   */
  static int[] packBlocks(QuantizedLinearWeights w) {
    int k4s = ConvWeightPacking.ceil4(w.inFeatures());
    int oc4s = ConvWeightPacking.ceil4(w.outFeatures());
    int[] words = new int[k4s * oc4s * 4];
    for (int oc = 0; oc < w.outFeatures(); oc++) {
      for (int k = 0; k < w.inFeatures(); k++) {
        int word = ((k / 4) * oc4s + oc / 4) * 4 + oc % 4;
        words[word] |= (w.weight()[oc * w.inFeatures() + k] & 0xFF) << (8 * (k % 4));
      }
    }
    return words;
  }

  /** An activation bound in the units of the result: real, or output steps for int8 output. */
  private static float bound(float real, QuantParams outQuant) {
    return outQuant == null ? real : (float) Math.rint(real / outQuant.scale());
  }

  /**
   * The per-channel parameters of the kernel, 12 bytes per channel (padded to a multiple of 4
   * channels with zeros): {@code m} (float: {@code s_x * s_w[c]}, divided by {@code s_y} for int8
   * output), {@code wzp} (int), {@code corr = K * z_x * wzp - z_x * wsum + b} (int).
   */
  private static ByteBuffer channelParams(
      QuantizedLinearWeights w, QuantParams in, QuantParams out) {
    int padded = ConvWeightPacking.ceil4(w.outFeatures()) * 4;
    ByteBuffer b = ByteBuffer.allocate(12 * padded).order(ByteOrder.LITTLE_ENDIAN);
    int zx = in.zeroPoint();
    for (int c = 0; c < w.outFeatures(); c++) {
      int bias = w.bias() == null ? 0 : w.bias()[c];
      int corr = w.inFeatures() * zx * w.zeroPoints()[c] - zx * w.weightSum(c) + bias;
      float m = in.scale() * w.scales()[c];
      b.putFloat(out == null ? m : m / out.scale());
      b.putInt(w.zeroPoints()[c]);
      b.putInt(corr);
    }
    return b.rewind();
  }
}
