package org.djlvulkan.backend.ops.int8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.DispatchNode;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ConvOpSupport;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.ops.ResidualFusion;
import org.djlvulkan.backend.ops.TiledDispatch;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * q8ta 2-D convolution ({@code et_vk.q8ta_conv2d.default}): int8 activations with per-tensor scale
 * and zero point, int8 symmetric weights with per-output-channel scales, float bias, a fused ReLU
 * or clamp, int8 output (DESIGN.md section 4, bit-exact). Asks {@link QConvKernelSelector} for a
 * plan, adds a layout change when the input is not in the layout the kernel reads, packs the
 * weights once for the chosen kernel as graph constants, and adds the dispatches.
 */
public final class QConvOps {
  /** ExecuTorch's operator name. */
  public static final String OP = "et_vk.q8ta_conv2d.default";

  /** Sliding-window workgroups span at most 16 tiles of a row (64 columns). */
  private static final int WINDOW_MAX_X = 16;

  /** Output columns per invocation of the sliding-window kernels (their TILE_M). */
  private static final int WINDOW_TILE = 4;

  /** The second pass of a split-K GEMM: adds the partial sums and requantizes. */
  private static final KernelId GEMM_REDUCE = KernelId.Q8TA_GEMM_REDUCE;

  /**
   * The GEMM kernels' input specialization constants (ids 1 to 13, q8_gemm_io.glslh) for an input
   * read from its buffer: Q8_IMPLICIT 0 and the geometry's defaults.
   */
  private static final int[] EXPLICIT_INPUT = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};

  /** The push constant words of a q8ta GEMM pass and of its reduce pass (q8_gemm_io.glslh). */
  private static final int REDUCE_WORDS = 13;

  /** Channel groups per padding invocation of {@code q8ta_gemm_reduce_scatter} (its C4_RUN). */
  private static final int SCATTER_C4_RUN = 8;

  /** Channel groups per invocation of {@code q8ta_im2col_4w4c} (its C4_RUN). */
  private static final int IM2COL_C4_RUN = 4;

  private QConvOps() {}

  /**
   * Adds a q8ta convolution with the kernel the selector picks and its own output layout.
   *
   * @param g the graph
   * @param input quantized I8 in 4C1W or 4W4C, {@code [N, IC, H, W]}
   * @param p geometry
   * @param w int8 weights {@code [OC, IC / groups, KH, KW]}, their scales and optional bias
   * @param out the output's scale and zero point
   * @param act fused activation: none, ReLU or a clamp (not HardSwish)
   * @return the output, quantized I8 {@code [N, OC, OH, OW]}
   */
  public static Value conv2d(
      GraphBuilder g,
      Value input,
      Conv2dParams p,
      QConv2dWeights w,
      QuantParams out,
      Activation act) {
    return conv2d(g, input, p, w, out, act, QConvOptions.DEFAULT);
  }

  /**
   * Adds a q8ta convolution with options (a forced kernel, the output layout, the dot path, the
   * im2col budget).
   *
   * @param g the graph
   * @param input quantized I8 in 4C1W or 4W4C, {@code [N, IC, H, W]}
   * @param p geometry
   * @param w int8 weights {@code [OC, IC / groups, KH, KW]}, their scales and optional bias
   * @param out the output's scale and zero point
   * @param act fused activation: none, ReLU or a clamp (not HardSwish)
   * @param options forced kernel, output layout, dot path, im2col budget; without a kernel policy
   *     of their own, the graph's
   * @return the output, quantized I8 {@code [N, OC, OH, OW]} in the plan's output layout
   * @throws IllegalArgumentException for mismatched shapes, HardSwish, or a forced kernel or dot
   *     path that cannot run them
   */
  public static Value conv2d(
      GraphBuilder g,
      Value input,
      Conv2dParams p,
      QConv2dWeights w,
      QuantParams out,
      Activation act,
      QConvOptions options) {
    act.requireClampOnly(OP);
    QConvOptions resolved = options.forDevice(g.kernelPolicy(), g.device().info().type().isGpu());
    QConvPlan plan =
        QConvKernelSelector.select(p, input.spec(), w.outChannels(), g.capabilities(), resolved);
    return conv2d(g, input, p, w, out, act, plan);
  }

  /**
   * Adds a q8ta convolution as a plan made for its input says ({@link QConvKernelSelector#select}
   * on this input's spec, directly or through the lowering's kernel planner); the other arguments
   * as for the form that selects.
   *
   * @param plan the kernel, layouts, tiling and splits
   * @return the output, quantized I8 {@code [N, OC, OH, OW]} in the plan's output layout
   * @throws IllegalArgumentException for mismatched weights or HardSwish
   */
  public static Value conv2d(
      GraphBuilder g,
      Value input,
      Conv2dParams p,
      QConv2dWeights w,
      QuantParams out,
      Activation act,
      QConvPlan plan) {
    act.requireClampOnly(OP);
    Value x = QuantizedLayoutOps.relayout(g, input, plan.inputLayout());
    return add(g, x, x.spec(), false, p, w, out, act, plan);
  }

  /**
   * Adds a q8ta convolution that quantizes its float input itself: the convolution of the codes
   * that {@code quantize} would write into its 4W4C input ({@code
   * quantized_decomposed.quantize_per_tensor}, {@code LayoutOps.quantize}), bit for bit, without
   * that pass. Its im2col (or, for an implicit GEMM, the GEMM's loads) reads the float NCHW values
   * and quantizes each as that kernel does. For a QuantizeLinear read by a convolution alone, such
   * as a network's RGB stem.
   *
   * @param g the graph
   * @param real the F32 NCHW values, {@code [N, IC, H, W]}
   * @param quantize the quantization of the convolution's input (per tensor)
   * @param p geometry
   * @param w int8 weights {@code [OC, IC, KH, KW]}, their scales and optional bias
   * @param out the output's scale and zero point
   * @param act fused activation: none, ReLU or a clamp (not HardSwish)
   * @param plan a plan made for the quantized input in 4W4C whose kernel is the 4W4C im2col GEMM
   *     ({@link #quantizesItsInput})
   * @return the output, quantized I8 {@code [N, OC, OH, OW]} in the plan's output layout
   * @throws IllegalArgumentException for an input that is not F32 NCHW of rank 4, a plan of another
   *     kernel, mismatched weights or HardSwish
   */
  public static Value conv2dQuantizing(
      GraphBuilder g,
      Value real,
      QuantParams quantize,
      Conv2dParams p,
      QConv2dWeights w,
      QuantParams out,
      Activation act,
      QConvPlan plan) {
    act.requireClampOnly(OP);
    OpSupport.require(OP, real, DType.F32, Layout.NCHW);
    OpSupport.requireRank4(OP, real);
    if (!quantizesItsInput(plan)) {
      throw new IllegalArgumentException(
          OP + ": only the 4W4C im2col GEMM quantizes its input, not " + plan.variant());
    }
    TensorSpec coded = TensorSpec.quantized(Layout.INT8_4W4C, quantize, real.spec().shape());
    return add(g, real, coded, true, p, w, out, act, plan);
  }

  /**
   * Whether a plan's kernel can quantize its float input itself ({@link #conv2dQuantizing}): the
   * im2col GEMM over a 4W4C input ({@link QConvVariant#IM2COL_4W4C}), whose input words are worked
   * out per (position block, tap, channel group).
   *
   * @param plan a q8ta convolution's plan
   * @return whether {@link #conv2dQuantizing} takes it
   */
  public static boolean quantizesItsInput(QConvPlan plan) {
    return plan.variant() == QConvVariant.IM2COL_4W4C && plan.inputLayout() == Layout.INT8_4W4C;
  }

  /**
   * The dispatches of a convolution whose input {@code x} holds the codes of {@code in} in the
   * plan's layout, or ({@code quantizing}) their float values.
   */
  private static Value add(
      GraphBuilder g,
      Value x,
      TensorSpec in,
      boolean quantizing,
      Conv2dParams p,
      QConv2dWeights w,
      QuantParams out,
      Activation act,
      QConvPlan plan) {
    ConvOpSupport.checkWeightShape(QConvKernelSelector.describe(p, in, w.outChannels()), w, p, in);
    QuantParams xq = in.quant().orElseThrow();
    Value y =
        g.intermediate(
            "q8conv(" + x.name() + ")",
            TensorSpec.quantized(
                plan.outputLayout(), out, in.n(), w.outChannels(), plan.outH(), plan.outW()));
    Value channels =
        Int8Support.intConstant(
            g,
            y.name() + ".channels",
            QConvWeightPacking.channelConstants(w, xq.scale(), out.scale()));
    Epilogue e = Epilogue.of(xq.zeroPoint(), out, act, w.hasIntBias());
    new Dispatches(g, x, in, quantizing, y, w, p, channels, plan, e).add();
    return y;
  }

  /**
   * What one GEMM pass reads: its input value (pointwise rows, an im2col scratch chunk, or the
   * convolution's input read implicitly), position blocks, the reduction length, the flat-pixel
   * window of an im2col GEMM, the real positions (for the profile's multiply-adds) and the input's
   * specialization constants (ids 1 to 13).
   */
  private record GemmInput(
      Value value,
      int blocks,
      int k,
      boolean flatPixels,
      int first,
      int count,
      long positions,
      int[] spec) {
    /** An im2col GEMM over output pixels {@code [first, first + count)}. */
    static GemmInput pixels(Value value, int k, int first, int count, int[] spec) {
      return new GemmInput(
          value, QConvWeightPacking.ceil4(count), k, true, first, count, count, spec);
    }
  }

  /** The requantization constants every kernel's push constants end with. */
  private record Epilogue(int zx, float invSy, int zy, float lo, float hi) {
    /**
     * The float bias form clamps real values and multiplies by {@code 1 / s_y}; the int32 bias
     * form's values are already in output steps, so it multiplies by 1 and clamps to the
     * activation's bounds quantized in Java ({@code rint(bound / s_y)}: rounding commutes with a
     * clamp to integers, so this equals clamping the rounded codes).
     */
    static Epilogue of(int zx, QuantParams out, Activation act, boolean intBias) {
      float lo = act.clamp() ? act.lo() : Float.NEGATIVE_INFINITY;
      float hi = act.clamp() ? act.hi() : Float.POSITIVE_INFINITY;
      if (!intBias) {
        return new Epilogue(zx, out.inverseScale(), out.zeroPoint(), lo, hi);
      }
      float s = out.scale();
      return new Epilogue(
          zx, 1f, out.zeroPoint(), (float) Math.rint(lo / s), (float) Math.rint(hi / s));
    }

    PushConstants append(PushConstants pc) {
      return pc.i(zx).f(invSy).i(zy).f(lo).f(hi);
    }
  }

  /**
   * One q8ta convolution's dispatches: its input (the codes in the plan's layout, or with {@code
   * quantizing} the float NCHW values they code), the codes' spec ({@code coded}), output, weights,
   * geometry, per-channel constants, plan and epilogue, shared by the kernel forms.
   */
  private record Dispatches(
      GraphBuilder g,
      Value x,
      TensorSpec coded,
      boolean quantizing,
      Value y,
      QConv2dWeights w,
      Conv2dParams p,
      Value channels,
      QConvPlan plan,
      Epilogue e) {
    /** Adds the plan's kernel. */
    void add() {
      switch (plan.kernel()) {
        case POINTWISE:
          pointwise();
          break;
        case IM2COL:
          im2col();
          break;
        default:
          window();
          break;
      }
    }

    private void pointwise() {
      Value weights =
          Int8Support.intConstant(g, y.name() + ".weight", QConvWeightPacking.pointwiseBlocks(w));
      long blocks = (long) coded.n() * coded.h() * QConvWeightPacking.ceil4(coded.w());
      long positions = (long) coded.n() * coded.h() * coded.w();
      gemm(
          new GemmInput(
              x, Math.toIntExact(blocks), coded.c(), false, 0, 0, positions, EXPLICIT_INPUT),
          weights);
    }

    private void im2col() {
      boolean lined = plan.variant() == QConvVariant.IM2COL_4W4C;
      int kprime =
          Math.toIntExact(QConvKernelSelector.im2colK(plan.variant(), p, w.inChannelsPerGroup()));
      int k4s = QConvWeightPacking.ceil4(kprime);
      int tapChannels = kprime / (p.kernelH() * p.kernelW());
      int inC4s = QConvWeightPacking.ceil4(coded.c());
      Value weights =
          Int8Support.intConstant(
              g, y.name() + ".weight", QConvWeightPacking.im2colBlocks(w, tapChannels));
      if (plan.implicitIm2col()) {
        int count = Math.toIntExact((long) coded.n() * plan.outH() * plan.outW());
        gemm(GemmInput.pixels(x, kprime, 0, count, implicitInput()), weights);
        return;
      }
      Value scratch =
          g.intermediate(
              y.name() + ".im2col",
              TensorSpec.quantized(
                  Layout.INT8_4W4C,
                  coded.quant().orElseThrow(),
                  1,
                  kprime,
                  1,
                  plan.im2colPixelsPerChunk()));
      long pixels = (long) coded.n() * plan.outH() * plan.outW();
      int taps = p.kernelH() * p.kernelW();
      if (plan.scratchFromProducer() && !quantizing) {
        Optional<DispatchNode> reduce = ResidualFusion.onlyPass(g, x, GEMM_REDUCE);
        if (reduce.isPresent()) {
          int count = Math.toIntExact(pixels);
          reduceIntoScratch(reduce.get(), scratch, count, taps);
          gemm(GemmInput.pixels(scratch, kprime, 0, count, EXPLICIT_INPUT), weights);
          return;
        }
      }
      KernelId shader = plan.variant().im2colShader().orElseThrow();
      int[] real = quantization();
      PipelineKey key =
          lined
              ? PipelineKey.of(shader, OpSupport.LOCAL_SIZE, quantizing ? 1 : 0, real[0], real[1])
              : PipelineKey.of(
                  shader, OpSupport.LOCAL_SIZE, coded.layout() == Layout.INT8_4W4C ? 1 : 0);
      for (int chunk = 0; chunk < plan.im2colChunks(); chunk++) {
        int first = chunk * plan.im2colPixelsPerChunk();
        int count = (int) Math.min(plan.im2colPixelsPerChunk(), pixels - first);
        int blocks = QConvWeightPacking.ceil4(count);
        PushConstants pc =
            p.appendWindowWalk(
                    PushConstants.words(16)
                        .i(lined ? inC4s : coded.c())
                        .i(coded.h())
                        .i(coded.w())
                        .i(plan.outH())
                        .i(plan.outW())
                        .i(first)
                        .i(count)
                        .i(lined ? taps : kprime))
                .i(e.zx());
        g.dispatch(
            OP,
            key,
            List.of(Binding.write(scratch), Binding.read(x)),
            pc.build(),
            OpSupport.linearGrid(
                g,
                (long) blocks
                    * (lined
                        ? taps * (long) QConvWeightPacking.ceilDiv(inC4s, IM2COL_C4_RUN)
                        : k4s)));
        gemm(GemmInput.pixels(scratch, kprime, first, count, EXPLICIT_INPUT), weights);
      }
    }

    /**
     * Dispatches {@code q8ta_gemm_reduce_scatter} in place of the im2col: the split-K reduce pass
     * that produced this convolution's input, writing its codes straight into the scratch (every
     * word the im2col would have written, {@code count} output pixels of {@code taps} taps). The
     * reduce pass itself stays in the graph and is dropped as dead when nothing else reads the
     * input.
     */
    private void reduceIntoScratch(DispatchNode reduce, Value scratch, int count, int taps) {
      // The reduce pass's grid, from its push constants (q8_gemm_io.glslh): word 0 is its position
      // blocks, word 2 its output channels.
      ByteBuffer words = ByteBuffer.wrap(reduce.pushConstants()).order(ByteOrder.LITTLE_ENDIAN);
      long rows = 4L * words.getInt(0);
      long oc4s = QConvWeightPacking.ceil4(words.getInt(8));
      PushConstants pc =
          p.appendWindowWalk(
              PushConstants.words(REDUCE_WORDS + 12)
                  .bytes(reduce.pushConstants())
                  .i(coded.h())
                  .i(plan.outH())
                  .i(plan.outW())
                  .i(count)
                  .i(taps));
      List<Binding> reads = reduce.bindings().subList(1, reduce.bindings().size());
      List<Binding> bindings = new ArrayList<>();
      bindings.add(Binding.write(scratch));
      bindings.addAll(reads);
      g.dispatch(
          OP,
          PipelineKey.of(KernelId.Q8TA_GEMM_REDUCE_SCATTER, OpSupport.LOCAL_SIZE),
          bindings,
          pc.build(),
          OpSupport.linearGrid(
              g,
              rows * oc4s
                  + (long) QConvWeightPacking.ceil4(count)
                      * 4
                      * taps
                      * QConvWeightPacking.ceilDiv((int) oc4s, SCATTER_C4_RUN)));
    }

    /**
     * The specialization constants (ids 1 to 13 of the GEMM kernels, q8_gemm_io.glslh) with which a
     * GEMM reads an im2col input from the convolution's 4W4C input itself.
     */
    private int[] implicitInput() {
      return p.withWindowWalk(
          quantizing ? 2 : 1,
          QConvWeightPacking.ceil4(coded.c()),
          coded.h(),
          coded.w(),
          plan.outH(),
          plan.outW());
    }

    /**
     * Specialization constants 15 and 16 of the GEMM kernels and 2 and 3 of the 4W4C im2col: the
     * input's real channels and {@code 1 / scale} where it quantizes its float input, else the
     * kernels' defaults.
     */
    private int[] quantization() {
      return quantizing
          ? new int[] {
            coded.c(), Float.floatToRawIntBits(coded.quant().orElseThrow().inverseScale())
          }
          : new int[] {1, Float.floatToRawIntBits(1f)};
    }

    /** The general and depthwise kernels: the same push constants except the group words. */
    private void window() {
      boolean depthwise = plan.kernel() == QConvKernel.DEPTHWISE;
      Value weights =
          Int8Support.intConstant(
              g,
              y.name() + ".weight",
              depthwise
                  ? QConvWeightPacking.depthwiseWords(w)
                  : QConvWeightPacking.windowBlocks(w));
      PushConstants pc =
          ConvOpSupport.windowGeometry(6, coded, w, plan.outH(), plan.outW(), p, depthwise);
      pc.i(coded.n());
      TiledDispatch d =
          TiledDispatch.of(
              g.capabilities(),
              (plan.outW() + WINDOW_TILE - 1) / WINDOW_TILE,
              plan.outH(),
              (long) coded.n() * QConvWeightPacking.ceil4(w.outChannels()),
              WINDOW_MAX_X,
              OP);
      g.dispatch(
          OP,
          withLayout(d, plan.shader(), plan.outputLayout()),
          List.of(Binding.write(y), Binding.read(x), Binding.read(weights), Binding.read(channels)),
          e.append(pc).build(),
          d.grid(),
          w.multiplyAdds((long) coded.n() * plan.outH() * plan.outW()));
    }

    /**
     * One {@code q8ta_gemm} dispatch over {@code blocks} position blocks of {@code in}; with a
     * split reduction, the partial-sum GEMM into an int32 scratch and then {@code
     * q8ta_gemm_reduce}.
     */
    private void gemm(GemmInput input, Value weights) {
      Value in = input.value();
      int blocks = input.blocks();
      int[] inputSpec = input.spec();
      long multiplyAdds = w.multiplyAdds(input.positions());
      int oc4s = QConvWeightPacking.ceil4(y.spec().c());
      int splits = plan.gemmSplits();
      PushConstants pc =
          PushConstants.words(REDUCE_WORDS)
              .i(blocks)
              .i(QConvWeightPacking.ceil4(input.k()))
              .i(y.spec().c())
              .i(plan.outW())
              .i(input.flatPixels() ? 1 : 0)
              .i(input.first())
              .i(input.count())
              .i(splits);
      byte[] push = e.append(pc).build();
      Grid grid =
          new Grid(
              QConvWeightPacking.ceilDiv(blocks, plan.gemmTile().blocks()),
              QConvWeightPacking.ceilDiv(oc4s, plan.gemmTile().oc4s()),
              splits);
      int[] max = g.capabilities().maxWorkgroupCount();
      if (grid.x() > max[0] || grid.y() > max[1] || grid.z() > max[2]) {
        throw new IllegalArgumentException(
            OP + ": GEMM grid " + grid + " exceeds the device's workgroup count limits");
      }
      // OUT_4W4C (id 0), how the input is read (ids 1 to 13), the workgroup's layers (id 14),
      // the quantization of a float input (ids 15 and 16).
      int layers = plan.workgroupSlices();
      int[] real = quantization();
      int[] spec = new int[1 + inputSpec.length + (layers > 1 ? 1 : 0) + real.length];
      spec[0] = plan.outputLayout() == Layout.INT8_4W4C ? 1 : 0;
      System.arraycopy(inputSpec, 0, spec, 1, inputSpec.length);
      if (layers > 1) {
        spec[1 + inputSpec.length] = layers;
      }
      System.arraycopy(real, 0, spec, spec.length - real.length, real.length);
      List<Binding> operands =
          List.of(Binding.read(in), Binding.read(weights), Binding.read(channels));
      if (splits == 1) {
        ResidualFusion.note(
            g,
            y,
            g.dispatch(
                OP,
                PipelineKey.of(plan.shader(), spec),
                bindings(y, operands),
                push,
                grid,
                multiplyAdds));
        return;
      }
      if (plan.splitInOnePass()) {
        // The GEMM's int32 sums, which every slice adds into, and one uint per output tile, both
        // zero when the dispatch starts; the last workgroup of each tile requantizes its sums and
        // leaves zeros. The node reads its own writes.
        Value sums =
            g.state(
                y.name() + ".sums",
                TensorSpec.of(DType.I32, Layout.NCHW, (long) blocks * 4 * oc4s * 4));
        Value counters =
            g.state(
                y.name() + ".tiles",
                TensorSpec.of(DType.I32, Layout.NCHW, (long) grid.x() * grid.y()));
        ResidualFusion.note(
            g,
            y,
            g.dispatch(
                OP,
                PipelineKey.of(plan.splitGemmShader(), spec),
                bindings(y, operands, Binding.readWrite(sums), Binding.readWrite(counters)),
                push,
                grid,
                multiplyAdds));
        return;
      }
      Value partials =
          g.intermediate(
              y.name() + ".partials",
              TensorSpec.of(DType.I32, Layout.NCHW, (long) splits * blocks * 4 * oc4s * 4));
      g.dispatch(
          OP,
          PipelineKey.of(plan.partialGemmShader(), spec),
          bindings(partials, operands),
          push,
          grid,
          multiplyAdds);
      ResidualFusion.note(
          g,
          y,
          g.dispatch(
              OP,
              PipelineKey.of(GEMM_REDUCE, OpSupport.LOCAL_SIZE, spec[0]),
              List.of(Binding.write(y), Binding.read(partials), Binding.read(channels)),
              push,
              OpSupport.linearGrid(g, (long) blocks * 4 * oc4s)));
    }
  }

  /** A GEMM pass's bindings: the value it writes, its operands, then any more. */
  private static List<Binding> bindings(Value out, List<Binding> operands, Binding... more) {
    List<Binding> all = new ArrayList<>();
    all.add(Binding.write(out));
    all.addAll(operands);
    all.addAll(Arrays.asList(more));
    return all;
  }

  /** The pipeline of a tiled kernel: workgroup size, then OUT_4W4C (spec constant 3). */
  private static PipelineKey withLayout(TiledDispatch d, KernelId shader, Layout out) {
    return PipelineKey.of(
        shader, d.localX(), d.localY(), d.localZ(), out == Layout.INT8_4W4C ? 1 : 0);
  }
}
