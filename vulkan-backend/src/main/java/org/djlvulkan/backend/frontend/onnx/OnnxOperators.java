package org.djlvulkan.backend.frontend.onnx;

import java.util.HashMap;
import java.util.Map;
import org.djlvulkan.backend.ir.Op;

/**
 * The ONNX operators the engine runs, by domain and name, and the IR operator each becomes. The
 * ONNX importer is the only user: no other code knows ONNX operator names. ONNX Runtime's quantized
 * operators are accepted in the default domain and in {@code com.microsoft}.
 */
final class OnnxOperators {
  private static final Map<String, Op> DEFAULT_DOMAIN;
  private static final Map<String, Op> MICROSOFT_DOMAIN;

  static {
    Map<String, Op> onnx = new HashMap<>();
    onnx.put("Conv", Op.CONV);
    onnx.put("ConvTranspose", Op.CONV_TRANSPOSE);
    onnx.put("Gemm", Op.GEMM);
    onnx.put("MatMul", Op.MAT_MUL);
    onnx.put("Add", Op.ADD);
    onnx.put("Sub", Op.SUB);
    onnx.put("Mul", Op.MUL);
    onnx.put("Div", Op.DIV);
    onnx.put("Sum", Op.SUM);
    onnx.put("Pow", Op.POW);
    onnx.put("Min", Op.MIN);
    onnx.put("Max", Op.MAX);
    onnx.put("Mean", Op.MEAN);
    onnx.put("PRelu", Op.PRELU);
    onnx.put("Exp", Op.EXP);
    onnx.put("ReduceMax", Op.REDUCE_MAX);
    onnx.put("ReduceSum", Op.REDUCE_SUM);
    onnx.put("ReduceMean", Op.REDUCE_MEAN);
    onnx.put("ReduceMin", Op.REDUCE_MIN);
    onnx.put("ReduceProd", Op.REDUCE_PROD);
    onnx.put("ReduceL1", Op.REDUCE_L1);
    onnx.put("ReduceL2", Op.REDUCE_L2);
    onnx.put("ReduceLogSum", Op.REDUCE_LOG_SUM);
    onnx.put("ReduceLogSumExp", Op.REDUCE_LOG_SUM_EXP);
    onnx.put("Equal", Op.EQUAL);
    onnx.put("Less", Op.LESS);
    onnx.put("Greater", Op.GREATER);
    onnx.put("LessOrEqual", Op.LESS_OR_EQUAL);
    onnx.put("GreaterOrEqual", Op.GREATER_OR_EQUAL);
    onnx.put("And", Op.AND);
    onnx.put("Or", Op.OR);
    onnx.put("Xor", Op.XOR);
    onnx.put("Not", Op.NOT);
    onnx.put("Where", Op.WHERE);
    onnx.put("ArgMax", Op.ARG_MAX);
    onnx.put("TopK", Op.TOP_K);
    onnx.put("LpPool", Op.LP_POOL);
    onnx.put("ArgMin", Op.ARG_MIN);
    onnx.put("ReduceSumSquare", Op.REDUCE_SUM_SQUARE);
    onnx.put("Relu", Op.RELU);
    onnx.put("Clip", Op.CLIP);
    onnx.put("Sigmoid", Op.SIGMOID);
    onnx.put("HardSigmoid", Op.HARD_SIGMOID);
    onnx.put("HardSwish", Op.HARD_SWISH);
    onnx.put("Tanh", Op.TANH);
    onnx.put("Log", Op.LOG);
    onnx.put("Sqrt", Op.SQRT);
    onnx.put("Reciprocal", Op.RECIPROCAL);
    onnx.put("Abs", Op.ABS);
    onnx.put("Floor", Op.FLOOR);
    onnx.put("Ceil", Op.CEIL);
    onnx.put("Round", Op.ROUND);
    onnx.put("Erf", Op.ERF);
    onnx.put("LeakyRelu", Op.LEAKY_RELU);
    onnx.put("Elu", Op.ELU);
    onnx.put("Selu", Op.SELU);
    onnx.put("Softplus", Op.SOFTPLUS);
    onnx.put("Softsign", Op.SOFTSIGN);
    onnx.put("Mish", Op.MISH);
    onnx.put("Gelu", Op.GELU);
    onnx.put("MaxPool", Op.MAX_POOL);
    onnx.put("AveragePool", Op.AVERAGE_POOL);
    onnx.put("GlobalAveragePool", Op.GLOBAL_AVERAGE_POOL);
    onnx.put("GlobalMaxPool", Op.GLOBAL_MAX_POOL);
    onnx.put("BatchNormalization", Op.BATCH_NORM);
    onnx.put("Softmax", Op.SOFTMAX);
    onnx.put("LogSoftmax", Op.LOG_SOFTMAX);
    onnx.put("InstanceNormalization", Op.INSTANCE_NORM);
    onnx.put("LayerNormalization", Op.LAYER_NORM);
    onnx.put("MeanVarianceNormalization", Op.MEAN_VARIANCE_NORM);
    onnx.put("GroupNormalization", Op.GROUP_NORM);
    onnx.put("LRN", Op.LRN);
    onnx.put("Split", Op.SPLIT);
    onnx.put("Pad", Op.PAD);
    onnx.put("Expand", Op.EXPAND);
    onnx.put("Tile", Op.TILE);
    onnx.put("Resize", Op.RESIZE);
    onnx.put("Upsample", Op.UPSAMPLE);
    onnx.put("DepthToSpace", Op.DEPTH_TO_SPACE);
    onnx.put("SpaceToDepth", Op.SPACE_TO_DEPTH);
    onnx.put("Concat", Op.CONCAT);
    onnx.put("Flatten", Op.FLATTEN);
    onnx.put("Reshape", Op.RESHAPE);
    onnx.put("Squeeze", Op.SQUEEZE);
    onnx.put("Unsqueeze", Op.UNSQUEEZE);
    onnx.put("Transpose", Op.TRANSPOSE);
    onnx.put("Identity", Op.IDENTITY);
    onnx.put("Dropout", Op.DROPOUT);
    onnx.put("Cast", Op.CAST);
    onnx.put("ConvInteger", Op.CONV_INTEGER);
    onnx.put("MatMulInteger", Op.MAT_MUL_INTEGER);
    onnx.put("QuantizeLinear", Op.QUANTIZE);
    onnx.put("DequantizeLinear", Op.DEQUANTIZE);
    onnx.put("QLinearConv", Op.QCONV);
    onnx.put("QLinearMatMul", Op.QMAT_MUL);
    onnx.put("QGemm", Op.QGEMM);
    onnx.put("QLinearAdd", Op.QADD);
    onnx.put("QLinearMul", Op.QMUL);
    onnx.put("QLinearGlobalAveragePool", Op.QGLOBAL_AVERAGE_POOL);
    onnx.put("QLinearAveragePool", Op.QAVERAGE_POOL);
    onnx.put("QLinearConcat", Op.QCONCAT);
    onnx.put("QLinearSigmoid", Op.QSIGMOID);
    onnx.put("Shape", Op.SHAPE);
    onnx.put("Size", Op.SIZE);
    onnx.put("Gather", Op.GATHER);
    onnx.put("GatherElements", Op.GATHER_ELEMENTS);
    onnx.put("CumSum", Op.CUM_SUM);
    onnx.put("Mod", Op.MOD);
    onnx.put("IsNaN", Op.IS_NAN);
    onnx.put("IsInf", Op.IS_INF);
    onnx.put("Range", Op.RANGE);
    onnx.put("NonZero", Op.NON_ZERO);
    onnx.put("DynamicQuantizeLinear", Op.DYNAMIC_QUANTIZE_LINEAR);
    onnx.put("ScatterElements", Op.SCATTER_ELEMENTS);
    onnx.put("Scatter", Op.SCATTER_ELEMENTS);
    onnx.put("ScatterND", Op.SCATTER_ND);
    onnx.put("OneHot", Op.ONE_HOT);
    onnx.put("Trilu", Op.TRILU);
    onnx.put("EyeLike", Op.EYE_LIKE);
    onnx.put("Sin", Op.SIN);
    onnx.put("Cos", Op.COS);
    onnx.put("Tan", Op.TAN);
    onnx.put("Asin", Op.ASIN);
    onnx.put("Acos", Op.ACOS);
    onnx.put("Atan", Op.ATAN);
    onnx.put("Sinh", Op.SINH);
    onnx.put("Cosh", Op.COSH);
    onnx.put("Asinh", Op.ASINH);
    onnx.put("Acosh", Op.ACOSH);
    onnx.put("Atanh", Op.ATANH);
    onnx.put("Hardmax", Op.HARDMAX);
    onnx.put("Compress", Op.COMPRESS);
    onnx.put("ReverseSequence", Op.REVERSE_SEQUENCE);
    onnx.put("BitShift", Op.BIT_SHIFT);
    onnx.put("Det", Op.DET);
    onnx.put("Einsum", Op.EINSUM);
    onnx.put("NonMaxSuppression", Op.NON_MAX_SUPPRESSION);
    onnx.put("GridSample", Op.GRID_SAMPLE);
    onnx.put("RoiAlign", Op.ROI_ALIGN);
    onnx.put("MaxUnpool", Op.MAX_UNPOOL);
    onnx.put("Unique", Op.UNIQUE);
    onnx.put("RNN", Op.RNN);
    onnx.put("GRU", Op.GRU);
    onnx.put("LSTM", Op.LSTM);
    onnx.put("HannWindow", Op.HANN_WINDOW);
    onnx.put("HammingWindow", Op.HAMMING_WINDOW);
    onnx.put("BlackmanWindow", Op.BLACKMAN_WINDOW);
    onnx.put("DFT", Op.DFT);
    onnx.put("STFT", Op.STFT);
    onnx.put("NegativeLogLikelihoodLoss", Op.NEGATIVE_LOG_LIKELIHOOD_LOSS);
    onnx.put("SoftmaxCrossEntropyLoss", Op.SOFTMAX_CROSS_ENTROPY_LOSS);
    onnx.put("GatherND", Op.GATHER_ND);
    onnx.put("ConstantOfShape", Op.CONSTANT_OF_SHAPE);
    onnx.put("Neg", Op.NEG);
    onnx.put("Sign", Op.SIGN);
    onnx.put("Shrink", Op.SHRINK);
    onnx.put("ThresholdedRelu", Op.THRESHOLDED_RELU);
    onnx.put("Celu", Op.CELU);
    onnx.put("Slice", Op.SLICE);
    DEFAULT_DOMAIN = Map.copyOf(onnx);
    MICROSOFT_DOMAIN =
        Map.ofEntries(
            Map.entry("QuantizeLinear", Op.QUANTIZE),
            Map.entry("DequantizeLinear", Op.DEQUANTIZE),
            Map.entry("QLinearConv", Op.QCONV),
            Map.entry("QLinearMatMul", Op.QMAT_MUL),
            Map.entry("QGemm", Op.QGEMM),
            Map.entry("QLinearAdd", Op.QADD),
            Map.entry("QLinearMul", Op.QMUL),
            Map.entry("QLinearGlobalAveragePool", Op.QGLOBAL_AVERAGE_POOL),
            Map.entry("QLinearAveragePool", Op.QAVERAGE_POOL),
            Map.entry("QLinearConcat", Op.QCONCAT),
            Map.entry("QLinearSigmoid", Op.QSIGMOID),
            Map.entry("QLinearLeakyRelu", Op.QLEAKY_RELU));
  }

  private OnnxOperators() {}

  /**
   * Returns the IR operator of an ONNX operator.
   *
   * @param domain the operator's domain ({@code ""} for ONNX's own)
   * @param opType the operator's name
   * @return the operator, or {@link Op#UNSUPPORTED} when the engine has none for it
   */
  static Op of(String domain, String opType) {
    Map<String, Op> table =
        domain.isEmpty()
            ? DEFAULT_DOMAIN
            : domain.equals("com.microsoft") ? MICROSOFT_DOMAIN : Map.of();
    return table.getOrDefault(opType, Op.UNSUPPORTED);
  }

  /**
   * Returns how messages name an ONNX operator: its name, and its domain when that is not ONNX's.
   *
   * @param domain the domain
   * @param opType the name
   * @return the label
   */
  static String label(String domain, String opType) {
    return domain.isEmpty() || domain.equals("com.microsoft")
        ? opType
        : opType + " (" + domain + ")";
  }
}
