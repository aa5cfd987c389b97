package org.djlvulkan.backend.ir;

import static org.djlvulkan.backend.ir.Op.Trait.HOST_EVALUABLE;
import static org.djlvulkan.backend.ir.Op.Trait.TAKES_ACTIVATION;

import java.util.Set;

/**
 * The operator registry of the IR: one entry per operator the engine knows, whatever front end a
 * model came through. Front ends translate their own operator names into these (the ONNX importer
 * and the ExecuTorch reader are the only code that knows those names); passes and lowering switch
 * on these entries only.
 *
 * <p>Each entry's inputs and attributes follow the ONNX operator of the same meaning at opset 13 or
 * later (the best specified public operator set for CNNs); the quantized entries take their
 * operands as ONNX Runtime's QOperator ops do (value, scale, zero point per quantized operand);
 * {@link #QCONV}'s bias may also be a float tensor of real values (ExecuTorch's form), which
 * selects the float requantization {@code roundEven((acc' * s_x * s_w[c] + bias[c]) / s_y)}. Each
 * entry says how it runs: its {@link Family} picks the lowering, {@link #hostEvaluable} says
 * whether the host reference implementation ({@code passes.ConstantEvaluator}) can compute it when
 * its inputs are constants, and {@link #takesActivation} whether an activation that follows it can
 * be fused into its kernel.
 */
public enum Op {
  // Float operators (they also run quantized tensors in fp32 where a pass leaves them).
  CONV(Family.FLOAT, HOST_EVALUABLE, TAKES_ACTIVATION),
  CONV_TRANSPOSE(Family.FLOAT, HOST_EVALUABLE),
  GEMM(Family.FLOAT, TAKES_ACTIVATION),
  MAT_MUL(Family.FLOAT, TAKES_ACTIVATION),
  ADD(Family.FLOAT, HOST_EVALUABLE, TAKES_ACTIVATION),
  SUB(Family.FLOAT, HOST_EVALUABLE, TAKES_ACTIVATION),
  MUL(Family.FLOAT, HOST_EVALUABLE, TAKES_ACTIVATION),
  DIV(Family.FLOAT, HOST_EVALUABLE),
  SUM(Family.FLOAT, HOST_EVALUABLE),
  POW(Family.FLOAT, HOST_EVALUABLE),
  MIN(Family.FLOAT, HOST_EVALUABLE),
  MAX(Family.FLOAT, HOST_EVALUABLE),
  MEAN(Family.FLOAT, HOST_EVALUABLE),
  PRELU(Family.FLOAT),
  EXP(Family.FLOAT),
  REDUCE_MAX(Family.FLOAT, HOST_EVALUABLE),
  REDUCE_SUM(Family.FLOAT, HOST_EVALUABLE),
  REDUCE_MEAN(Family.FLOAT, HOST_EVALUABLE),
  REDUCE_MIN(Family.FLOAT, HOST_EVALUABLE),
  REDUCE_PROD(Family.FLOAT, HOST_EVALUABLE),
  REDUCE_L1(Family.FLOAT, HOST_EVALUABLE),
  REDUCE_L2(Family.FLOAT, HOST_EVALUABLE),
  REDUCE_LOG_SUM(Family.FLOAT, HOST_EVALUABLE),
  REDUCE_LOG_SUM_EXP(Family.FLOAT, HOST_EVALUABLE),
  REDUCE_SUM_SQUARE(Family.FLOAT, HOST_EVALUABLE),
  // Comparisons and logic: booleans are held as 1.0 and 0.0 on the device; folded on constants
  // (shape subgraphs: Where(Equal(shape, -1), ...)).
  EQUAL(Family.FLOAT, HOST_EVALUABLE),
  LESS(Family.FLOAT, HOST_EVALUABLE),
  GREATER(Family.FLOAT, HOST_EVALUABLE),
  LESS_OR_EQUAL(Family.FLOAT, HOST_EVALUABLE),
  GREATER_OR_EQUAL(Family.FLOAT, HOST_EVALUABLE),
  AND(Family.FLOAT, HOST_EVALUABLE),
  OR(Family.FLOAT, HOST_EVALUABLE),
  XOR(Family.FLOAT, HOST_EVALUABLE),
  NOT(Family.FLOAT, HOST_EVALUABLE),
  WHERE(Family.FLOAT, HOST_EVALUABLE),
  ARG_MAX(Family.FLOAT),
  TOP_K(Family.FLOAT),
  ARG_MIN(Family.FLOAT),
  RELU(Family.FLOAT),
  CLIP(Family.FLOAT),
  SIGMOID(Family.FLOAT),
  HARD_SIGMOID(Family.FLOAT),
  HARD_SWISH(Family.FLOAT),
  // Element-wise functions of one input (ops.UnaryFunction; ops.UnaryCall reads their parameters).
  TANH(Family.FLOAT, HOST_EVALUABLE),
  LOG(Family.FLOAT, HOST_EVALUABLE),
  SQRT(Family.FLOAT, HOST_EVALUABLE),
  RECIPROCAL(Family.FLOAT, HOST_EVALUABLE),
  ABS(Family.FLOAT, HOST_EVALUABLE),
  FLOOR(Family.FLOAT, HOST_EVALUABLE),
  CEIL(Family.FLOAT, HOST_EVALUABLE),
  ROUND(Family.FLOAT, HOST_EVALUABLE),
  ERF(Family.FLOAT, HOST_EVALUABLE),
  LEAKY_RELU(Family.FLOAT, HOST_EVALUABLE),
  ELU(Family.FLOAT, HOST_EVALUABLE),
  SELU(Family.FLOAT, HOST_EVALUABLE),
  SOFTPLUS(Family.FLOAT, HOST_EVALUABLE),
  SOFTSIGN(Family.FLOAT, HOST_EVALUABLE),
  MISH(Family.FLOAT, HOST_EVALUABLE),
  GELU(Family.FLOAT, HOST_EVALUABLE),
  NEG(Family.FLOAT, HOST_EVALUABLE),
  SIGN(Family.FLOAT, HOST_EVALUABLE),
  SHRINK(Family.FLOAT, HOST_EVALUABLE),
  THRESHOLDED_RELU(Family.FLOAT, HOST_EVALUABLE),
  CELU(Family.FLOAT, HOST_EVALUABLE),
  MAX_POOL(Family.FLOAT, HOST_EVALUABLE),
  AVERAGE_POOL(Family.FLOAT, HOST_EVALUABLE),
  LP_POOL(Family.FLOAT),
  GLOBAL_AVERAGE_POOL(Family.FLOAT),
  GLOBAL_MAX_POOL(Family.FLOAT),
  BATCH_NORM(Family.FLOAT, HOST_EVALUABLE, TAKES_ACTIVATION),
  SOFTMAX(Family.FLOAT),
  LOG_SOFTMAX(Family.FLOAT),
  INSTANCE_NORM(Family.FLOAT),
  LAYER_NORM(Family.FLOAT),
  GROUP_NORM(Family.FLOAT),
  MEAN_VARIANCE_NORM(Family.FLOAT, HOST_EVALUABLE),
  LRN(Family.FLOAT),
  // Layout operators: they carry float and quantized tensors alike.
  CONCAT(Family.FLOAT, HOST_EVALUABLE),
  FLATTEN(Family.FLOAT, HOST_EVALUABLE),
  RESHAPE(Family.FLOAT, HOST_EVALUABLE),
  SQUEEZE(Family.FLOAT, HOST_EVALUABLE),
  UNSQUEEZE(Family.FLOAT, HOST_EVALUABLE),
  TRANSPOSE(Family.FLOAT, HOST_EVALUABLE),
  SLICE(Family.FLOAT, HOST_EVALUABLE),
  SPLIT(Family.FLOAT, HOST_EVALUABLE),
  PAD(Family.FLOAT, HOST_EVALUABLE),
  EXPAND(Family.FLOAT),
  GATHER(Family.FLOAT, HOST_EVALUABLE),
  GATHER_ELEMENTS(Family.FLOAT, HOST_EVALUABLE),
  CUM_SUM(Family.FLOAT, HOST_EVALUABLE),
  // Evaluated on the host (constant folding, or a host step on run-time values).
  MOD(Family.FLOAT, HOST_EVALUABLE),
  IS_NAN(Family.FLOAT, HOST_EVALUABLE),
  IS_INF(Family.FLOAT, HOST_EVALUABLE),
  NON_ZERO(Family.FLOAT, HOST_EVALUABLE),
  /** uint8 codes, scale and zero point from the input's own range (three outputs). */
  DYNAMIC_QUANTIZE_LINEAR(Family.FLOAT, HOST_EVALUABLE),
  SCATTER_ELEMENTS(Family.FLOAT, HOST_EVALUABLE),
  SCATTER_ND(Family.FLOAT, HOST_EVALUABLE),
  ONE_HOT(Family.FLOAT, HOST_EVALUABLE),
  TRILU(Family.FLOAT, HOST_EVALUABLE),
  EYE_LIKE(Family.FLOAT, HOST_EVALUABLE),
  GATHER_ND(Family.FLOAT, HOST_EVALUABLE),
  // Evaluated on the host only (passes.HostMath, passes.HostVision): folded, or a host step
  // between device steps.
  SIN(Family.FLOAT, HOST_EVALUABLE),
  COS(Family.FLOAT, HOST_EVALUABLE),
  TAN(Family.FLOAT, HOST_EVALUABLE),
  ASIN(Family.FLOAT, HOST_EVALUABLE),
  ACOS(Family.FLOAT, HOST_EVALUABLE),
  ATAN(Family.FLOAT, HOST_EVALUABLE),
  SINH(Family.FLOAT, HOST_EVALUABLE),
  COSH(Family.FLOAT, HOST_EVALUABLE),
  ASINH(Family.FLOAT, HOST_EVALUABLE),
  ACOSH(Family.FLOAT, HOST_EVALUABLE),
  ATANH(Family.FLOAT, HOST_EVALUABLE),
  HARDMAX(Family.FLOAT, HOST_EVALUABLE),
  COMPRESS(Family.FLOAT, HOST_EVALUABLE),
  REVERSE_SEQUENCE(Family.FLOAT, HOST_EVALUABLE),
  BIT_SHIFT(Family.FLOAT, HOST_EVALUABLE),
  DET(Family.FLOAT, HOST_EVALUABLE),
  EINSUM(Family.FLOAT, HOST_EVALUABLE),
  NON_MAX_SUPPRESSION(Family.FLOAT, HOST_EVALUABLE),
  GRID_SAMPLE(Family.FLOAT, HOST_EVALUABLE),
  ROI_ALIGN(Family.FLOAT, HOST_EVALUABLE),
  MAX_UNPOOL(Family.FLOAT, HOST_EVALUABLE),
  UNIQUE(Family.FLOAT, HOST_EVALUABLE),
  RNN(Family.FLOAT, HOST_EVALUABLE),
  GRU(Family.FLOAT, HOST_EVALUABLE),
  LSTM(Family.FLOAT, HOST_EVALUABLE),
  HANN_WINDOW(Family.FLOAT, HOST_EVALUABLE),
  HAMMING_WINDOW(Family.FLOAT, HOST_EVALUABLE),
  BLACKMAN_WINDOW(Family.FLOAT, HOST_EVALUABLE),
  DFT(Family.FLOAT, HOST_EVALUABLE),
  STFT(Family.FLOAT, HOST_EVALUABLE),
  NEGATIVE_LOG_LIKELIHOOD_LOSS(Family.FLOAT, HOST_EVALUABLE),
  SOFTMAX_CROSS_ENTROPY_LOSS(Family.FLOAT, HOST_EVALUABLE),
  TILE(Family.FLOAT),
  RESIZE(Family.FLOAT),
  UPSAMPLE(Family.FLOAT),
  DEPTH_TO_SPACE(Family.FLOAT),
  SPACE_TO_DEPTH(Family.FLOAT),
  IDENTITY(Family.FLOAT, HOST_EVALUABLE),
  DROPOUT(Family.FLOAT),
  CAST(Family.FLOAT, HOST_EVALUABLE),
  // Integer operators (int32 results).
  CONV_INTEGER(Family.INTEGER),
  MAT_MUL_INTEGER(Family.INTEGER),
  // Quantized operators: on the int8 (q8ta) kernels, or in fp32 where int8 cannot run them.
  QUANTIZE(Family.QUANTIZED, HOST_EVALUABLE),
  DEQUANTIZE(Family.QUANTIZED, HOST_EVALUABLE),
  QCONV(Family.QUANTIZED, TAKES_ACTIVATION),
  QMAT_MUL(Family.QUANTIZED, TAKES_ACTIVATION),
  QGEMM(Family.QUANTIZED, TAKES_ACTIVATION),
  QADD(Family.QUANTIZED, TAKES_ACTIVATION),
  QMUL(Family.QUANTIZED, TAKES_ACTIVATION),
  QGLOBAL_AVERAGE_POOL(Family.QUANTIZED),
  QAVERAGE_POOL(Family.QUANTIZED),
  QCONCAT(Family.QUANTIZED),
  QSIGMOID(Family.QUANTIZED),
  QLEAKY_RELU(Family.QUANTIZED),
  // Shape arithmetic: evaluated on the host (Shape of a runtime tensor is known per variant).
  SHAPE(Family.SHAPE, HOST_EVALUABLE),
  SIZE(Family.HOST, HOST_EVALUABLE),
  CONSTANT_OF_SHAPE(Family.HOST, HOST_EVALUABLE),
  RANGE(Family.HOST, HOST_EVALUABLE),
  /** An operator of the source model with no entry here; its node names the source's operator. */
  UNSUPPORTED(Family.NONE);

  /** How an operator is lowered. */
  public enum Family {
    /** The float lowering (and the layout ops). */
    FLOAT,
    /** The integer lowering (int32 outputs). */
    INTEGER,
    /** The quantized lowering: int8 kernels, or fp32 with rounding to the output grid. */
    QUANTIZED,
    /** {@code Shape}: a constant of each variant. */
    SHAPE,
    /** Only evaluated on the host, when its inputs are constants. */
    HOST,
    /** Not runnable. */
    NONE
  }

  /** What the passes may do with an operator beyond lowering it. */
  public enum Trait {
    /** The host reference implementation evaluates it when its inputs are constants. */
    HOST_EVALUABLE,
    /** An activation that follows it can be fused into its kernel. */
    TAKES_ACTIVATION
  }

  private final Family family;
  private final Set<Trait> traits;

  Op(Family family, Trait... traits) {
    this.family = family;
    this.traits = Set.of(traits);
  }

  /** Returns the lowering family. */
  public Family family() {
    return family;
  }

  /** Returns whether the host reference implementation evaluates it on constant inputs. */
  public boolean hostEvaluable() {
    return traits.contains(HOST_EVALUABLE);
  }

  /** Returns whether a following activation can be fused into it. */
  public boolean takesActivation() {
    return traits.contains(TAKES_ACTIVATION);
  }

  /**
   * Returns whether it is one of the reductions over a set of axes ({@code ReduceSum}, {@code
   * ReduceMean}...: axes as the constant second input, {@code keepdims}, {@code
   * noop_with_empty_axes}).
   */
  public boolean reducesAxes() {
    return switch (this) {
      case REDUCE_MAX,
              REDUCE_MIN,
              REDUCE_SUM,
              REDUCE_MEAN,
              REDUCE_PROD,
              REDUCE_L1,
              REDUCE_L2,
              REDUCE_LOG_SUM,
              REDUCE_LOG_SUM_EXP,
              REDUCE_SUM_SQUARE ->
          true;
      default -> false;
    };
  }

  /** Returns whether it has a lowering or a host evaluation, so a model using it can run. */
  public boolean runnable() {
    return family != Family.NONE;
  }
}
