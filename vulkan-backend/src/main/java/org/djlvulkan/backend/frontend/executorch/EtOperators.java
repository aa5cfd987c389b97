package org.djlvulkan.backend.frontend.executorch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;

/**
 * The ExecuTorch operators the engine runs and their translation into IR nodes: the operators that
 * ExecuTorch's Vulkan partitioner puts into a {@code VkGraph} ({@code aten.*}, {@code et_vk.*} and
 * {@code quantized_decomposed.*}) and the portable {@code aten::*.out} kernels of a program's
 * execution plan, which take the same arguments followed by their {@code out} tensors. This class's
 * table holds the operator names; it, {@link Q8taOperands}, {@link EtTensorOperators} and {@link
 * EtNormOperators} are the only code that knows ExecuTorch's operators and argument orders (from
 * the operators' schemas).
 */
public final class EtOperators {
  /** Translates one call; the call's outputs start after the schema's inputs. */
  @FunctionalInterface
  private interface Translation {
    void translate(EtCall c, EtGraphBuilder b, int outputsFrom);
  }

  private record Entry(int inputs, String becomes, Translation translation) {}

  /** An element-wise function of one input that becomes the operator of the same name. */
  private static Entry unaryEntry(Op op) {
    return new Entry(1, op.name(), (c, b, o) -> unary(c, b, o, op));
  }

  /** A binary operator of {@code inputs} arguments that becomes the operator of the same name. */
  private static Entry binaryEntry(int inputs, Op op) {
    return new Entry(inputs, op.name(), (c, b, o) -> binary(c, b, o, op));
  }

  private static final Map<String, Entry> TABLE =
      Map.ofEntries(
          Map.entry("aten.convolution", new Entry(9, "CONV", EtOperators::convolution)),
          Map.entry(
              "et_vk.conv_with_clamp",
              new Entry(11, "CONV + CLIP (fused)", EtOperators::convWithClamp)),
          Map.entry("et_vk.q8ta_conv2d", new Entry(15, "QCONV", Q8taOperands::conv)),
          Map.entry("et_vk.q8ta_conv2d_pw", new Entry(15, "QCONV", Q8taOperands::conv)),
          Map.entry("et_vk.q8ta_conv2d_dw", new Entry(15, "QCONV (depthwise)", Q8taOperands::conv)),
          Map.entry("et_vk.q8ta_linear", new Entry(10, "QGEMM", Q8taOperands::linear)),
          Map.entry("et_vk.q8ta_linear_gemv", new Entry(10, "QGEMM", Q8taOperands::linear)),
          Map.entry("et_vk.q8ta_add", new Entry(9, "QADD", Q8taOperands::add)),
          Map.entry(
              "quantized_decomposed.quantize_per_tensor",
              new Entry(6, "QUANTIZE", Q8taOperands::quantize)),
          Map.entry(
              "quantized_decomposed.dequantize_per_tensor",
              new Entry(7, "DEQUANTIZE", Q8taOperands::dequantize)),
          Map.entry(
              "quantized_decomposed.quantize_per_channel",
              new Entry(7, "QUANTIZE (per axis)", Q8taOperands::quantizePerChannel)),
          Map.entry(
              "quantized_decomposed.dequantize_per_channel",
              new Entry(8, "DEQUANTIZE (per axis)", Q8taOperands::dequantizePerChannel)),
          Map.entry("aten.linear", new Entry(3, "GEMM", EtOperators::linear)),
          Map.entry("aten.addmm", new Entry(5, "GEMM", EtOperators::addmm)),
          Map.entry("aten.add", binaryEntry(3, Op.ADD)),
          Map.entry("aten.sub", binaryEntry(3, Op.SUB)),
          Map.entry("aten.mul", binaryEntry(2, Op.MUL)),
          Map.entry("aten.div", binaryEntry(2, Op.DIV)),
          Map.entry("aten.relu", unaryEntry(Op.RELU)),
          Map.entry("aten.sigmoid", unaryEntry(Op.SIGMOID)),
          Map.entry("aten.hardswish", unaryEntry(Op.HARD_SWISH)),
          Map.entry("aten.hardsigmoid", new Entry(1, "HARD_SIGMOID", EtOperators::hardSigmoid)),
          Map.entry("aten.tanh", unaryEntry(Op.TANH)),
          Map.entry("aten.exp", unaryEntry(Op.EXP)),
          Map.entry("aten.log", unaryEntry(Op.LOG)),
          Map.entry("aten.sqrt", unaryEntry(Op.SQRT)),
          Map.entry("aten.reciprocal", unaryEntry(Op.RECIPROCAL)),
          Map.entry("aten.neg", unaryEntry(Op.NEG)),
          Map.entry("aten.abs", unaryEntry(Op.ABS)),
          Map.entry("aten.floor", unaryEntry(Op.FLOOR)),
          Map.entry("aten.ceil", unaryEntry(Op.CEIL)),
          Map.entry("aten.round", unaryEntry(Op.ROUND)),
          Map.entry("aten.erf", unaryEntry(Op.ERF)),
          Map.entry("aten.sin", unaryEntry(Op.SIN)),
          Map.entry("aten.cos", unaryEntry(Op.COS)),
          Map.entry("aten.grid_sampler_2d", new Entry(5, "GRID_SAMPLE", EtOperators::gridSample)),
          Map.entry("aten.mish", unaryEntry(Op.MISH)),
          Map.entry("aten.gelu", new Entry(2, "GELU", EtOperators::gelu)),
          Map.entry("aten.leaky_relu", new Entry(2, "LEAKY_RELU", EtOperators::leakyRelu)),
          Map.entry("aten.elu", new Entry(4, "ELU or SELU", EtOperators::elu)),
          Map.entry("aten.hardtanh", new Entry(3, "CLIP", EtOperators::clamp)),
          Map.entry(
              "aten.clamp", new Entry(3, "CLIP (MAX, MIN for tensor bounds)", EtOperators::clamp)),
          Map.entry("aten.max_pool2d", new Entry(6, "MAX_POOL", EtOperators::maxPool)),
          Map.entry(
              "aten.max_pool2d_with_indices",
              new Entry(6, "MAX_POOL (no indices)", EtOperators::maxPool)),
          Map.entry("aten.avg_pool2d", new Entry(7, "AVERAGE_POOL", EtOperators::avgPool)),
          Map.entry(
              "aten.mean", new Entry(4, "GLOBAL_AVERAGE_POOL (spatial mean)", EtOperators::mean)),
          Map.entry("aten.cat", new Entry(2, "CONCAT", EtOperators::cat)),
          Map.entry("aten.view_copy", new Entry(2, "RESHAPE", EtOperators::view)),
          Map.entry("aten.view", new Entry(2, "RESHAPE", EtOperators::view)),
          Map.entry("aten._unsafe_view", new Entry(2, "RESHAPE", EtOperators::view)),
          Map.entry("aten.permute_copy", new Entry(2, "TRANSPOSE", EtOperators::permute)),
          Map.entry("aten.permute", new Entry(2, "TRANSPOSE", EtOperators::permute)),
          Map.entry(
              "aten.clone", new Entry(2, "IDENTITY", (c, b, o) -> unary(c, b, o, Op.IDENTITY))),
          Map.entry(
              "dim_order_ops._clone_dim_order",
              new Entry(3, "IDENTITY", (c, b, o) -> unary(c, b, o, Op.IDENTITY))),
          Map.entry(
              "dim_order_ops._to_dim_order_copy",
              new Entry(3, "IDENTITY", (c, b, o) -> unary(c, b, o, Op.IDENTITY))),
          Map.entry(
              "et_vk.prepack", new Entry(1, "IDENTITY", (c, b, o) -> unary(c, b, o, Op.IDENTITY))),
          Map.entry(
              "aten.split_with_sizes_copy", new Entry(3, "SPLIT", EtOperators::splitWithSizes)),
          Map.entry("aten.native_layer_norm", new Entry(5, "LAYER_NORM", EtOperators::layerNorm)),
          Map.entry("aten.as_strided_copy", new Entry(4, "RESHAPE", EtOperators::asStrided)),
          Map.entry(
              "aten._adaptive_avg_pool2d",
              new Entry(2, "AVERAGE_POOL (adaptive)", EtOperators::adaptiveAvgPool)),
          Map.entry(
              "aten.adaptive_avg_pool2d",
              new Entry(2, "AVERAGE_POOL (adaptive)", EtOperators::adaptiveAvgPool)),
          Map.entry(
              "aten.upsample_bilinear2d",
              new Entry(4, "RESIZE (linear)", (c, b, o) -> upsample(c, b, o, true))),
          Map.entry(
              "aten.upsample_nearest2d",
              new Entry(3, "RESIZE (nearest)", (c, b, o) -> upsample(c, b, o, false))),
          Map.entry("aten.unsqueeze_copy", new Entry(2, "UNSQUEEZE", EtTensorOperators::unsqueeze)),
          Map.entry("aten.squeeze_copy", new Entry(2, "SQUEEZE", EtTensorOperators::squeeze)),
          Map.entry("aten.slice_copy", new Entry(5, "SLICE", EtTensorOperators::slice)),
          Map.entry("aten.select_copy", new Entry(3, "SLICE, SQUEEZE", EtTensorOperators::select)),
          Map.entry("aten.expand_copy", new Entry(3, "EXPAND", EtTensorOperators::expand)),
          Map.entry("aten.repeat", new Entry(2, "TILE", EtTensorOperators::repeat)),
          Map.entry("aten.constant_pad_nd", new Entry(3, "PAD", EtTensorOperators::constantPad)),
          Map.entry(
              "aten.pixel_shuffle",
              new Entry(2, "DEPTH_TO_SPACE (CRD)", EtTensorOperators::pixelShuffle)),
          Map.entry(
              "aten.sum",
              new Entry(
                  4, "REDUCE_SUM", (c, b, o) -> EtTensorOperators.reduce(c, b, o, Op.REDUCE_SUM))),
          Map.entry(
              "aten.amax",
              new Entry(
                  3, "REDUCE_MAX", (c, b, o) -> EtTensorOperators.reduce(c, b, o, Op.REDUCE_MAX))),
          Map.entry(
              "aten.amin",
              new Entry(
                  3, "REDUCE_MIN", (c, b, o) -> EtTensorOperators.reduce(c, b, o, Op.REDUCE_MIN))),
          Map.entry("aten.bmm", binaryEntry(2, Op.MAT_MUL)),
          Map.entry("aten.mm", binaryEntry(2, Op.MAT_MUL)),
          Map.entry("aten.pow", binaryEntry(2, Op.POW)),
          Map.entry("aten.maximum", binaryEntry(2, Op.MAX)),
          Map.entry("aten.minimum", binaryEntry(2, Op.MIN)),
          Map.entry("aten.gt", binaryEntry(2, Op.GREATER)),
          Map.entry("aten.ge", binaryEntry(2, Op.GREATER_OR_EQUAL)),
          Map.entry("aten.lt", binaryEntry(2, Op.LESS)),
          Map.entry("aten.le", binaryEntry(2, Op.LESS_OR_EQUAL)),
          Map.entry("aten.eq", binaryEntry(2, Op.EQUAL)),
          Map.entry("aten.where", new Entry(3, "WHERE", EtOperators::where)),
          Map.entry("aten.rsqrt", new Entry(1, "SQRT, RECIPROCAL", EtOperators::rsqrt)),
          Map.entry("aten.sign", unaryEntry(Op.SIGN)),
          Map.entry("aten.ne", new Entry(2, "EQUAL, NOT", EtOperators::notEqual)),
          Map.entry(
              "aten.fmod", new Entry(2, "DIV, FLOOR, CEIL, WHERE, MUL, SUB", EtOperators::fmod)),
          Map.entry(
              "aten.slice_scatter",
              new Entry(6, "PAD, WHERE (constant mask)", EtIndexingOperators::sliceScatter)),
          Map.entry(
              "aten.index", new Entry(2, "GATHER (one index tensor)", EtIndexingOperators::index)),
          Map.entry("aten.copy", new Entry(3, "EXPAND", EtIndexingOperators::copy)),
          Map.entry("aten.arange", new Entry(3, "constant", EtIndexingOperators::arange)),
          Map.entry(
              "aten.var",
              new Entry(
                  4,
                  "REDUCE_MEAN, SUB, MUL, REDUCE_SUM (variance)",
                  (c, b, o) -> EtTensorOperators.variance(c, b, o, false))),
          Map.entry(
              "aten.std",
              new Entry(
                  4,
                  "REDUCE_MEAN, SUB, MUL, REDUCE_SUM, SQRT (standard deviation)",
                  (c, b, o) -> EtTensorOperators.variance(c, b, o, true))),
          Map.entry("aten.cumsum", new Entry(3, "CUM_SUM", EtTensorOperators::cumsum)),
          Map.entry("aten.full", new Entry(2, "constant", EtTensorOperators::full)),
          Map.entry(
              "aten.gather",
              new Entry(4, "CAST, EQUAL, MUL, REDUCE_SUM (one-hot)", EtTensorOperators::gather)),
          Map.entry("aten.full_like", new Entry(2, "constant", EtTensorOperators::full)),
          Map.entry(
              "aten.native_group_norm", new Entry(8, "GROUP_NORM", EtNormOperators::groupNorm)),
          Map.entry(
              "aten._native_batch_norm_legit",
              new Entry(6, "INSTANCE_NORM (batch statistics)", EtNormOperators::batchNormNoStats)),
          Map.entry("aten.flip", new Entry(2, "SLICE (step -1)", EtTensorOperators::flip)),
          Map.entry(
              "aten._log_softmax",
              new Entry(3, "LOG_SOFTMAX", (c, b, o) -> softmax(c, b, o, Op.LOG_SOFTMAX))),
          Map.entry("aten.argmax", new Entry(3, "ARG_MAX", EtTensorOperators::argmax)),
          Map.entry("aten.index_select", new Entry(3, "GATHER", EtTensorOperators::indexSelect)),
          Map.entry("aten.topk", new Entry(5, "TOP_K", EtTensorOperators::topk)),
          Map.entry("aten.log1p", new Entry(1, "ADD, LOG", EtOperators::log1p)),
          Map.entry(
              "aten.scalar_tensor",
              new Entry(1, "IDENTITY (a constant)", EtOperators::scalarTensor)),
          Map.entry(
              "aten._softmax", new Entry(3, "SOFTMAX", (c, b, o) -> softmax(c, b, o, Op.SOFTMAX))),
          Map.entry(
              "aten._native_batch_norm_legit_no_training",
              new Entry(7, "BATCH_NORM", EtOperators::batchNorm)));

  private EtOperators() {}

  /**
   * Returns the key of a VkGraph operator name: {@code aten.add.Tensor} becomes {@code aten.add}.
   *
   * @param name the name, {@code namespace.operator.overload}
   * @return the key
   */
  static String delegateKey(String name) {
    int last = name.lastIndexOf('.');
    return last > name.indexOf('.') ? name.substring(0, last) : name;
  }

  /**
   * Returns the key of an execution plan's operator: {@code aten::add} becomes {@code aten.add}.
   *
   * @param name the operator's name (its overload, {@code out}, is separate in a plan)
   * @return the key
   */
  static String planKey(String name) {
    return name.replace("::", ".");
  }

  /** Returns whether an operator (by key) is known. */
  static boolean supported(String key) {
    return TABLE.containsKey(key);
  }

  /** Returns the keys of every operator known, sorted. */
  static List<String> all() {
    return List.copyOf(new TreeSet<>(TABLE.keySet()));
  }

  /**
   * Returns the operator coverage as a Markdown table: each ExecuTorch operator (delegate name
   * without overload; a plan's {@code aten::x.out} kernel has the same key) and the IR operators it
   * becomes. {@code docs/executorch.md} holds this table; a test keeps it current.
   *
   * @return the table, one row per operator
   */
  public static String coverageMarkdown() {
    StringBuilder sb = new StringBuilder("| ExecuTorch operator | IR operator |\n|---|---|\n");
    for (String k : all()) {
      sb.append("| `").append(k).append("` | ").append(TABLE.get(k).becomes()).append(" |\n");
    }
    return sb.toString();
  }

  /**
   * Translates one call into IR nodes.
   *
   * @param c the call (its operator must be {@link #supported})
   * @param b where the nodes and constants go
   */
  static void translate(EtCall c, EtGraphBuilder b) {
    Entry e = TABLE.get(c.key());
    e.translation().translate(c, b, e.inputs());
  }

  // Helpers shared with Q8taOperands.

  static void emit(EtCall c, EtGraphBuilder b, Op op, List<String> ins, List<String> outs) {
    b.node(new IrNode(c.name(), op, c.label(), ins, outs, Attributes.NONE, Activation.NONE));
  }

  static void emit(
      EtCall c,
      EtGraphBuilder b,
      Op op,
      List<String> ins,
      List<String> outs,
      Attributes a,
      Activation act) {
    b.node(new IrNode(c.name(), op, c.label(), ins, outs, a, act));
  }

  /** ONNX-style 2-D pads {@code [top, left, bottom, right]} from PyTorch's {@code [h, w]}. */
  static long[] pads(long[] p) {
    long ph = p.length > 0 ? p[0] : 0;
    long pw = p.length > 1 ? p[1] : ph;
    return new long[] {ph, pw, ph, pw};
  }

  static long[] pair(long[] v) {
    return v.length == 1 ? new long[] {v[0], v[0]} : v;
  }

  static Attributes.Builder convAttributes(
      long[] stride, long[] padding, long[] dilation, long groups) {
    return Attributes.builder()
        .ints("strides", pair(stride))
        .ints("pads", pads(padding))
        .ints("dilations", pair(dilation))
        .i("group", groups);
  }

  // Translations.

  private static void convolution(EtCall c, EtGraphBuilder b, int o) {
    conv(c, b, o, c.outputs(o));
  }

  private static void conv(EtCall c, EtGraphBuilder b, int o, List<String> outs) {
    if (c.dims(1).length != 4) {
      throw c.problem("only 2-D convolution runs (weight " + c.dims(1).length + "-D)");
    }
    if (c.bool(6)) {
      // Transposed: weight [IC, OC / groups, KH, KW], as ONNX's ConvTranspose takes it.
      emit(
          c,
          b,
          Op.CONV_TRANSPOSE,
          List.of(c.tensor(0), c.tensor(1), c.optionalTensor(2)),
          outs,
          convAttributes(c.ints(3), c.ints(4), c.ints(5), c.integer(8))
              .ints("output_padding", pair(c.ints(7)))
              .build(),
          Activation.NONE);
      return;
    }
    emit(
        c,
        b,
        Op.CONV,
        List.of(c.tensor(0), c.tensor(1), c.optionalTensor(2)),
        outs,
        convAttributes(c.ints(3), c.ints(4), c.ints(5), c.integer(8)).build(),
        Activation.NONE);
  }

  private static void convWithClamp(EtCall c, EtGraphBuilder b, int o) {
    List<String> outs = c.outputs(o);
    String y = b.fresh(c.name() + ":conv");
    conv(c, b, o, List.of(y));
    clampNode(c, b, y, bound(c, 9), bound(c, 10), outs);
  }

  private static Double bound(EtCall c, int i) {
    return c.isNull(i) ? null : c.real(i);
  }

  private static void clampNode(
      EtCall c, EtGraphBuilder b, String x, Double lo, Double hi, List<String> outs) {
    boolean noHi = hi == null || hi >= Float.MAX_VALUE;
    boolean noLo = lo == null || lo <= -Float.MAX_VALUE;
    if (!noLo && lo == 0 && noHi) {
      emit(c, b, Op.RELU, List.of(x), outs);
      return;
    }
    String min = noLo ? "" : b.scalar(lo.floatValue());
    String max = noHi ? "" : b.scalar(hi.floatValue());
    emit(c, b, Op.CLIP, List.of(x, min, max), outs);
  }

  /**
   * {@code clamp(self, min, max)} with number bounds (a CLIP), or {@code clamp.Tensor} with tensor
   * bounds: a MAX with the lower and a MIN with the upper bound, each broadcast.
   */
  private static void clamp(EtCall c, EtGraphBuilder b, int o) {
    boolean tensors =
        c.kind(1) == ValueTable.Kind.TENSOR
            || (c.count() > 2 && c.kind(2) == ValueTable.Kind.TENSOR);
    if (!tensors) {
      clampNode(c, b, c.tensor(0), bound(c, 1), bound(c, 2), c.outputs(o));
      return;
    }
    String x = c.tensor(0);
    if (c.isNull(2)) {
      emit(c, b, Op.MAX, List.of(x, operand(c, b, 1)), c.outputs(o));
      return;
    }
    if (!c.isNull(1)) {
      String lower = b.fresh(c.name() + ":lower");
      emit(c, b, Op.MAX, List.of(x, operand(c, b, 1)), List.of(lower));
      x = lower;
    }
    emit(c, b, Op.MIN, List.of(x, operand(c, b, 2)), c.outputs(o));
  }

  /** {@code ne(self, other)}: {@code not(self == other)}; other may be a number. */
  private static void notEqual(EtCall c, EtGraphBuilder b, int o) {
    String equal = b.fresh(c.name() + ":equal");
    emit(c, b, Op.EQUAL, List.of(c.tensor(0), operand(c, b, 1)), List.of(equal));
    emit(c, b, Op.NOT, List.of(equal), c.outputs(o));
  }

  /**
   * {@code fmod(self, other)}: {@code self - trunc(self / other) * other}, the remainder with the
   * dividend's sign (C's fmod); trunc is floor for positive quotients and ceil for negative ones.
   */
  private static void fmod(EtCall c, EtGraphBuilder b, int o) {
    DataType out = c.values().type(c.outputId(o));
    if (out == DataType.FLOAT) {
      fmodFloat(c, b, c.tensor(0), c.outputs(o));
      return;
    }
    // Integers (indices): in float, exact below 2^24, and cast back to the output's type.
    String real = b.fresh(c.name() + ":real");
    String rest = b.fresh(c.name() + ":remainder");
    cast(c, b, c.tensor(0), DataType.FLOAT, List.of(real));
    fmodFloat(c, b, real, List.of(rest));
    cast(c, b, rest, out, c.outputs(o));
  }

  /** A Cast of {@code x} to {@code type}. */
  static void cast(EtCall c, EtGraphBuilder b, String x, DataType type, List<String> outs) {
    emit(
        c,
        b,
        Op.CAST,
        List.of(x),
        outs,
        Attributes.builder().i("to", type.code()).build(),
        Activation.NONE);
  }

  private static void fmodFloat(EtCall c, EtGraphBuilder b, String x, List<String> outs) {
    String m = operand(c, b, 1);
    String q = b.fresh(c.name() + ":quotient");
    String down = b.fresh(c.name() + ":floor");
    String up = b.fresh(c.name() + ":ceil");
    String negative = b.fresh(c.name() + ":negative");
    String whole = b.fresh(c.name() + ":trunc");
    String multiple = b.fresh(c.name() + ":multiple");
    emit(c, b, Op.DIV, List.of(x, m), List.of(q));
    emit(c, b, Op.FLOOR, List.of(q), List.of(down));
    emit(c, b, Op.CEIL, List.of(q), List.of(up));
    emit(c, b, Op.LESS, List.of(q, b.scalar(0f)), List.of(negative));
    emit(c, b, Op.WHERE, List.of(negative, up, down), List.of(whole));
    emit(c, b, Op.MUL, List.of(whole, m), List.of(multiple));
    emit(c, b, Op.SUB, List.of(x, multiple), outs);
  }

  private static void unary(EtCall c, EtGraphBuilder b, int o, Op op) {
    emit(c, b, op, List.of(c.tensor(0)), c.outputs(o));
  }

  private static void hardSigmoid(EtCall c, EtGraphBuilder b, int o) {
    emit(
        c,
        b,
        Op.HARD_SIGMOID,
        List.of(c.tensor(0)),
        c.outputs(o),
        Attributes.builder().f("alpha", 1f / 6f).f("beta", 0.5f).build(),
        Activation.NONE);
  }

  /** {@code gelu(x, approximate='none')}: the exact form, or the tanh approximation. */
  private static void gelu(EtCall c, EtGraphBuilder b, int o) {
    String approximate = c.isNull(1) ? "none" : c.string(1);
    withAttributes(c, b, o, Op.GELU, Attributes.builder().s("approximate", approximate).build());
  }

  /** {@code leaky_relu(x, negative_slope=0.01)}. */
  private static void leakyRelu(EtCall c, EtGraphBuilder b, int o) {
    float slope = c.isNull(1) ? 0.01f : (float) c.real(1);
    withAttributes(c, b, o, Op.LEAKY_RELU, Attributes.builder().f("alpha", slope).build());
  }

  /**
   * {@code elu(x, alpha=1, scale=1, input_scale=1)}: only the plain form (scale and input scale 1)
   * is ELU; with {@code scale} 1.0507... and alpha 1.6732... it is SELU.
   */
  private static void elu(EtCall c, EtGraphBuilder b, int o) {
    float alpha = (float) c.real(1);
    float scale = (float) c.real(2);
    float inputScale = (float) c.real(3);
    if (inputScale != 1f) {
      throw c.problem("input_scale " + inputScale + " is not supported (only 1)");
    }
    if (scale == 1f) {
      withAttributes(c, b, o, Op.ELU, Attributes.builder().f("alpha", alpha).build());
    } else {
      withAttributes(
          c, b, o, Op.SELU, Attributes.builder().f("alpha", alpha).f("gamma", scale).build());
    }
  }

  private static void withAttributes(EtCall c, EtGraphBuilder b, int o, Op op, Attributes a) {
    emit(c, b, op, List.of(c.tensor(0)), c.outputs(o), a, Activation.NONE);
  }

  static String operand(EtCall c, EtGraphBuilder b, int i) {
    ValueTable.Kind k = c.kind(i);
    if (k == ValueTable.Kind.TENSOR) {
      return c.tensor(i);
    }
    return b.scalar((float) c.real(i));
  }

  private static void binary(EtCall c, EtGraphBuilder b, int o, Op op) {
    String x = operand(c, b, 0);
    String y = operand(c, b, 1);
    if ((op == Op.ADD || op == Op.SUB) && c.count() > 3 && !c.isNull(2)) {
      double alpha = c.real(2);
      if (alpha != 1) {
        String scaled = b.fresh(c.name() + ":alpha");
        emit(c, b, Op.MUL, List.of(y, b.scalar((float) alpha)), List.of(scaled));
        y = scaled;
      }
    }
    emit(c, b, op, List.of(x, y), c.outputs(o));
  }

  /** {@code where.self(condition, self, other)}; the values may be scalars. */
  private static void where(EtCall c, EtGraphBuilder b, int o) {
    emit(c, b, Op.WHERE, List.of(c.tensor(0), operand(c, b, 1), operand(c, b, 2)), c.outputs(o));
  }

  /** {@code rsqrt(self)}: the reciprocal of the square root. */
  private static void rsqrt(EtCall c, EtGraphBuilder b, int o) {
    String root = b.fresh(c.name() + ":sqrt");
    emit(c, b, Op.SQRT, List.of(c.tensor(0)), List.of(root));
    emit(c, b, Op.RECIPROCAL, List.of(root), c.outputs(o));
  }

  private static void linear(EtCall c, EtGraphBuilder b, int o) {
    if (c.dims(0).length != 2) {
      throw c.problem("linear of a " + c.dims(0).length + "-D input (2-D runs)");
    }
    emit(
        c,
        b,
        Op.GEMM,
        List.of(c.tensor(0), c.tensor(1), c.optionalTensor(2)),
        c.outputs(o),
        Attributes.builder().i("transB", 1).build(),
        Activation.NONE);
  }

  private static void addmm(EtCall c, EtGraphBuilder b, int o) {
    emit(
        c,
        b,
        Op.GEMM,
        List.of(c.tensor(1), c.tensor(2), c.tensor(0)),
        c.outputs(o),
        Attributes.builder().f("beta", (float) c.real(3)).f("alpha", (float) c.real(4)).build(),
        Activation.NONE);
  }

  private static void maxPool(EtCall c, EtGraphBuilder b, int o) {
    List<String> outs = c.outputs(o);
    emit(
        c,
        b,
        Op.MAX_POOL,
        List.of(c.tensor(0)),
        List.of(outs.get(0)),
        poolAttributes(c, c.ints(1), c.ints(2), c.ints(3), c.bool(5))
            .ints("dilations", pair(c.ints(4)))
            .build(),
        Activation.NONE);
  }

  private static Attributes.Builder poolAttributes(
      EtCall c, long[] kernel, long[] stride, long[] padding, boolean ceil) {
    long[] k = pair(kernel);
    long[] s = stride.length == 0 ? k : pair(stride);
    return Attributes.builder()
        .ints("kernel_shape", k)
        .ints("strides", s)
        .ints("pads", pads(padding))
        .i("ceil_mode", ceil ? 1 : 0);
  }

  private static void avgPool(EtCall c, EtGraphBuilder b, int o) {
    if (!c.isNull(6)) {
      throw c.problem("avg_pool2d with divisor_override is not supported");
    }
    emit(
        c,
        b,
        Op.AVERAGE_POOL,
        List.of(c.tensor(0)),
        c.outputs(o),
        poolAttributes(c, c.ints(1), c.ints(2), c.ints(3), c.bool(4))
            .i("count_include_pad", c.bool(5) ? 1 : 0)
            .build(),
        Activation.NONE);
  }

  /**
   * {@code adaptive_avg_pool2d(self, output_size)} on the program's input size: windows of equal
   * size where the input's height and width are multiples of the output's (an AveragePool with
   * kernel = stride = input / output; VGG's 7 x 7 pooling of a 7 x 7 map is one of 1 x 1); other
   * sizes, whose windows differ in size, are reported.
   */
  private static void adaptiveAvgPool(EtCall c, EtGraphBuilder b, int o) {
    long[] in = c.dims(0);
    long[] size = pair(c.ints(1));
    if (in.length != 4 || size.length != 2) {
      throw c.problem(
          "adaptive_avg_pool2d of " + Arrays.toString(in) + " to " + Arrays.toString(size));
    }
    long[] kernel = new long[2];
    for (int d = 0; d < 2; d++) {
      if (size[d] <= 0 || in[2 + d] % size[d] != 0) {
        throw c.problem(
            "adaptive_avg_pool2d from "
                + in[2]
                + " x "
                + in[3]
                + " to "
                + size[0]
                + " x "
                + size[1]
                + " (only output sizes that divide the input's run: windows of one size)");
      }
      kernel[d] = in[2 + d] / size[d];
    }
    emit(
        c,
        b,
        Op.AVERAGE_POOL,
        List.of(c.tensor(0)),
        c.outputs(o),
        poolAttributes(c, kernel, kernel, new long[] {0, 0}, false).build(),
        Activation.NONE);
  }

  /**
   * {@code upsample_bilinear2d(input, output_size, align_corners, scale_factors)} and {@code
   * upsample_nearest2d(input, output_size, scale_factors)} (and their overloads with separate
   * scales, which take the same first arguments): a Resize to the program's output size, given as
   * scales so the batch stays the input's. PyTorch's coordinates: bilinear maps output x to {@code
   * (x + 0.5) * in / out - 0.5} ({@code pytorch_half_pixel}) or, with align_corners, {@code x * (in
   * - 1) / (out - 1)}; nearest takes {@code floor(x * in / out)} ({@code asymmetric}, {@code
   * floor}).
   */
  private static void upsample(EtCall c, EtGraphBuilder b, int o, boolean linear) {
    long[] in = c.dims(0);
    long[] out = c.outputDims(o);
    if (in.length != 4 || out.length != 4) {
      throw c.problem("upsampling of a " + in.length + "-D input (4-D runs)");
    }
    float[] scales = {1f, 1f, 0f, 0f};
    for (int d = 2; d < 4; d++) {
      scales[d] = (float) out[d] / in[d];
      if ((long) Math.floor(in[d] * (double) scales[d]) != out[d]) {
        throw c.problem(
            "upsampling "
                + in[d]
                + " to "
                + out[d]
                + " (a ratio that float32 scales do not reproduce)");
      }
    }
    Attributes.Builder a = Attributes.builder().s("mode", linear ? "linear" : "nearest");
    if (linear) {
      a.s("coordinate_transformation_mode", c.bool(2) ? "align_corners" : "pytorch_half_pixel");
    } else {
      a.s("coordinate_transformation_mode", "asymmetric").s("nearest_mode", "floor");
    }
    emit(
        c,
        b,
        Op.RESIZE,
        List.of(c.tensor(0), "", b.floats(scales)),
        c.outputs(o),
        a.build(),
        Activation.NONE);
  }

  /**
   * {@code grid_sampler_2d(input, grid, interpolation_mode, padding_mode, align_corners)}: a
   * GridSample; PyTorch's modes are numbers (0 bilinear, 1 nearest, 2 bicubic; 0 zeros, 1 border, 2
   * reflection).
   */
  private static void gridSample(EtCall c, EtGraphBuilder b, int o) {
    List<String> modes = List.of("bilinear", "nearest", "bicubic");
    List<String> paddings = List.of("zeros", "border", "reflection");
    int mode = (int) c.integer(2);
    int padding = (int) c.integer(3);
    if (mode < 0 || mode >= modes.size() || padding < 0 || padding >= paddings.size()) {
      throw c.problem("interpolation mode " + mode + " and padding mode " + padding);
    }
    Attributes a =
        Attributes.builder()
            .s("mode", modes.get(mode))
            .s("padding_mode", paddings.get(padding))
            .i("align_corners", c.bool(4) ? 1 : 0)
            .build();
    emit(c, b, Op.GRID_SAMPLE, List.of(c.tensor(0), c.tensor(1)), c.outputs(o), a, Activation.NONE);
  }

  /**
   * {@code mean.dim}: the spatial mean of a 4-D input as global pooling, else a ReduceMean; a
   * plan's {@code mean.dtype_out}, the mean of every element, as a ReduceMean over all axes.
   */
  private static void mean(EtCall c, EtGraphBuilder b, int o) {
    if (c.kind(1) != ValueTable.Kind.INT_LIST && c.kind(2) == ValueTable.Kind.TENSOR) {
      // mean.dtype_out(self, dtype, out): the mean of every element, its output argument 2.
      EtTensorOperators.reduce(c, b, 2, Op.REDUCE_MEAN, new long[0], false);
      return;
    }
    long[] in = c.dims(0);
    long[] dims = c.isNull(1) ? new long[0] : c.ints(1);
    boolean keep = !c.isNull(2) && c.bool(2);
    boolean spatial = in.length == 4 && dims.length == 2;
    for (long d : dims) {
      long axis = d < 0 ? d + in.length : d;
      spatial &= axis == 2 || axis == 3;
    }
    if (!spatial || dims[0] == dims[1]) {
      EtTensorOperators.reduce(c, b, o, Op.REDUCE_MEAN);
      return;
    }
    List<String> outs = c.outputs(o);
    if (keep) {
      emit(c, b, Op.GLOBAL_AVERAGE_POOL, List.of(c.tensor(0)), outs);
      return;
    }
    String pooled = b.fresh(c.name() + ":pool");
    emit(c, b, Op.GLOBAL_AVERAGE_POOL, List.of(c.tensor(0)), List.of(pooled));
    emit(c, b, Op.RESHAPE, List.of(pooled, b.longs(0, -1)), outs);
  }

  private static void cat(EtCall c, EtGraphBuilder b, int o) {
    List<String> ins = c.tensors(0);
    long rank = c.outputDims(o).length;
    long dim = c.integer(1);
    emit(
        c,
        b,
        Op.CONCAT,
        ins,
        c.outputs(o),
        Attributes.builder().i("axis", dim < 0 ? dim + rank : dim).build(),
        Activation.NONE);
  }

  private static void view(EtCall c, EtGraphBuilder b, int o) {
    reshape(c, b, o, c.ints(1));
  }

  /** A Reshape of argument 0 to {@code sizes}, keeping the input's batch dimension. */
  private static void reshape(EtCall c, EtGraphBuilder b, int o, long[] target) {
    long[] in = c.dims(0);
    long[] sizes = target.clone();
    // The program's shapes are for its example batch: keep the batch dimension of the input.
    if (sizes.length > 0 && in.length > 0 && sizes[0] == in[0]) {
      sizes[0] = 0;
    }
    emit(c, b, Op.RESHAPE, List.of(c.tensor(0), b.longs(sizes)), c.outputs(o));
  }

  /**
   * {@code as_strided_copy(self, size, stride, storage_offset)} where it reads the input's elements
   * in their order (every dimension longer than 1 has the contiguous stride of {@code size}, no
   * offset, as many elements): a Reshape. ExecuTorch plans write a flatten of a permuted {@code [N,
   * C, 1, 1]} this way (ConvNeXt's head); other strides are reported.
   */
  private static void asStrided(EtCall c, EtGraphBuilder b, int o) {
    long[] size = c.ints(1);
    long[] stride = c.ints(2);
    long offset = c.isNull(3) ? 0 : c.integer(3);
    long inCount = Arrays.stream(c.dims(0)).reduce(1, Math::multiplyExact);
    boolean inOrder = offset == 0 && size.length == stride.length;
    long contiguous = 1;
    for (int d = size.length - 1; d >= 0 && inOrder; d--) {
      inOrder = size[d] == 1 || stride[d] == contiguous;
      contiguous *= size[d];
    }
    if (!inOrder || contiguous != inCount) {
      throw c.problem(
          "as_strided_copy with size "
              + Arrays.toString(size)
              + ", stride "
              + Arrays.toString(stride)
              + " and offset "
              + offset
              + " (only a view of the input's elements in order runs)");
    }
    reshape(c, b, o, size);
  }

  /**
   * {@code native_layer_norm(input, normalized_shape, weight, bias, eps)}: a LayerNormalization
   * over the last {@code normalized_shape.length} axes; its mean and reciprocal deviation outputs
   * are the IR operator's second and third.
   */
  private static void layerNorm(EtCall c, EtGraphBuilder b, int o) {
    long rank = c.dims(0).length;
    long[] normalized = c.ints(1);
    long axes = normalized.length;
    if (axes < 1 || axes > rank) {
      throw c.problem("normalizes " + axes + " axes of a rank-" + rank + " input");
    }
    // Without elementwise_affine the weight is absent: a scale of ones (the IR's scale is
    // required).
    String weight = c.optionalTensor(2);
    if (weight.isEmpty()) {
      weight = b.filled(1f, normalized);
    }
    emit(
        c,
        b,
        Op.LAYER_NORM,
        List.of(c.tensor(0), weight, c.optionalTensor(3)),
        c.outputs(o),
        Attributes.builder().i("axis", rank - axes).f("epsilon", (float) c.real(4)).build(),
        Activation.NONE);
  }

  private static void permute(EtCall c, EtGraphBuilder b, int o) {
    long[] perm = c.ints(1).clone();
    for (int i = 0; i < perm.length; i++) {
      perm[i] = perm[i] < 0 ? perm[i] + perm.length : perm[i];
    }
    emit(
        c,
        b,
        Op.TRANSPOSE,
        List.of(c.tensor(0)),
        c.outputs(o),
        Attributes.builder().ints("perm", perm).build(),
        Activation.NONE);
  }

  /**
   * {@code split_with_sizes_copy(self, split_sizes, dim)}: a Split along dim into parts of the
   * given sizes (the exporter writes {@code torch.split} with one size this way too).
   */
  private static void splitWithSizes(EtCall c, EtGraphBuilder b, int o) {
    long[] sizes = c.ints(1);
    long axis = EtTensorOperators.axis(c, c.integer(2), c.dims(0).length);
    List<String> outs = c.outputs(o);
    if (outs.size() != sizes.length) {
      throw c.problem(
          "splits into "
              + sizes.length
              + " parts "
              + Arrays.toString(sizes)
              + " but has "
              + outs.size()
              + " outputs");
    }
    emit(
        c,
        b,
        Op.SPLIT,
        List.of(c.tensor(0), b.longs(sizes)),
        outs,
        Attributes.builder().i("axis", axis).build(),
        Activation.NONE);
  }

  /** {@code log1p(self)}: the log of 1 + self. */
  private static void log1p(EtCall c, EtGraphBuilder b, int o) {
    String shifted = b.fresh(c.name() + ":plus1");
    emit(c, b, Op.ADD, List.of(c.tensor(0), b.scalar(1f)), List.of(shifted));
    emit(c, b, Op.LOG, List.of(shifted), c.outputs(o));
  }

  /** {@code scalar_tensor(s)}: a 0-d constant. */
  private static void scalarTensor(EtCall c, EtGraphBuilder b, int o) {
    emit(c, b, Op.IDENTITY, List.of(b.scalar((float) c.real(0))), c.outputs(o));
  }

  /**
   * {@code _softmax(self, dim, half_to_float)} and {@code _log_softmax}: along dim, of any rank
   * (the lowering runs a rank above 4 - MaxViT's attention, [1, 64, 2, 49, 49] - on a rank-3 view).
   */
  private static void softmax(EtCall c, EtGraphBuilder b, int o, Op op) {
    long axis = EtTensorOperators.axis(c, c.integer(1), c.dims(0).length);
    emit(
        c,
        b,
        op,
        List.of(c.tensor(0)),
        c.outputs(o),
        Attributes.builder().i("axis", axis).build(),
        Activation.NONE);
  }

  private static void batchNorm(EtCall c, EtGraphBuilder b, int o) {
    List<String> outs = c.outputs(o);
    emit(
        c,
        b,
        Op.BATCH_NORM,
        List.of(c.tensor(0), c.tensor(1), c.tensor(2), c.tensor(3), c.tensor(4)),
        List.of(outs.get(0)),
        Attributes.builder().f("epsilon", (float) c.real(6)).build(),
        Activation.NONE);
  }
}
