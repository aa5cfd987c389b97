package org.djlvulkan.backend.ir;

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
  CONV(Family.FLOAT, true, true),
  CONV_TRANSPOSE(Family.FLOAT, true, false),
  GEMM(Family.FLOAT, false, true),
  MAT_MUL(Family.FLOAT, false, true),
  ADD(Family.FLOAT, true, true),
  SUB(Family.FLOAT, true, true),
  MUL(Family.FLOAT, true, true),
  DIV(Family.FLOAT, true, false),
  SUM(Family.FLOAT, true, false),
  POW(Family.FLOAT, true, false),
  MIN(Family.FLOAT, true, false),
  MAX(Family.FLOAT, true, false),
  MEAN(Family.FLOAT, true, false),
  PRELU(Family.FLOAT, false, false),
  EXP(Family.FLOAT, false, false),
  REDUCE_MAX(Family.FLOAT, true, false),
  REDUCE_SUM(Family.FLOAT, true, false),
  REDUCE_MEAN(Family.FLOAT, true, false),
  REDUCE_MIN(Family.FLOAT, true, false),
  REDUCE_PROD(Family.FLOAT, true, false),
  REDUCE_L1(Family.FLOAT, true, false),
  REDUCE_L2(Family.FLOAT, true, false),
  REDUCE_LOG_SUM(Family.FLOAT, true, false),
  REDUCE_LOG_SUM_EXP(Family.FLOAT, true, false),
  REDUCE_SUM_SQUARE(Family.FLOAT, true, false),
  // Comparisons and logic: booleans are held as 1.0 and 0.0 on the device; folded on constants
  // (shape subgraphs: Where(Equal(shape, -1), ...)).
  EQUAL(Family.FLOAT, true, false),
  LESS(Family.FLOAT, true, false),
  GREATER(Family.FLOAT, true, false),
  LESS_OR_EQUAL(Family.FLOAT, true, false),
  GREATER_OR_EQUAL(Family.FLOAT, true, false),
  AND(Family.FLOAT, true, false),
  OR(Family.FLOAT, true, false),
  XOR(Family.FLOAT, true, false),
  NOT(Family.FLOAT, true, false),
  WHERE(Family.FLOAT, true, false),
  ARG_MAX(Family.FLOAT, false, false),
  TOP_K(Family.FLOAT, false, false),
  ARG_MIN(Family.FLOAT, false, false),
  RELU(Family.FLOAT, false, false),
  CLIP(Family.FLOAT, false, false),
  SIGMOID(Family.FLOAT, false, false),
  HARD_SIGMOID(Family.FLOAT, false, false),
  HARD_SWISH(Family.FLOAT, false, false),
  // Element-wise functions of one input (ops.UnaryFunction; ops.UnaryCall reads their parameters).
  TANH(Family.FLOAT, true, false),
  LOG(Family.FLOAT, true, false),
  SQRT(Family.FLOAT, true, false),
  RECIPROCAL(Family.FLOAT, true, false),
  ABS(Family.FLOAT, true, false),
  FLOOR(Family.FLOAT, true, false),
  CEIL(Family.FLOAT, true, false),
  ROUND(Family.FLOAT, true, false),
  ERF(Family.FLOAT, true, false),
  LEAKY_RELU(Family.FLOAT, true, false),
  ELU(Family.FLOAT, true, false),
  SELU(Family.FLOAT, true, false),
  SOFTPLUS(Family.FLOAT, true, false),
  SOFTSIGN(Family.FLOAT, true, false),
  MISH(Family.FLOAT, true, false),
  GELU(Family.FLOAT, true, false),
  NEG(Family.FLOAT, true, false),
  SIGN(Family.FLOAT, true, false),
  SHRINK(Family.FLOAT, true, false),
  THRESHOLDED_RELU(Family.FLOAT, true, false),
  CELU(Family.FLOAT, true, false),
  MAX_POOL(Family.FLOAT, true, false),
  AVERAGE_POOL(Family.FLOAT, true, false),
  LP_POOL(Family.FLOAT, false, false),
  GLOBAL_AVERAGE_POOL(Family.FLOAT, false, false),
  GLOBAL_MAX_POOL(Family.FLOAT, false, false),
  BATCH_NORM(Family.FLOAT, true, true),
  SOFTMAX(Family.FLOAT, false, false),
  LOG_SOFTMAX(Family.FLOAT, false, false),
  INSTANCE_NORM(Family.FLOAT, false, false),
  LAYER_NORM(Family.FLOAT, false, false),
  GROUP_NORM(Family.FLOAT, false, false),
  LRN(Family.FLOAT, false, false),
  // Layout operators: they carry float and quantized tensors alike.
  CONCAT(Family.FLOAT, true, false),
  FLATTEN(Family.FLOAT, true, false),
  RESHAPE(Family.FLOAT, true, false),
  SQUEEZE(Family.FLOAT, true, false),
  UNSQUEEZE(Family.FLOAT, true, false),
  TRANSPOSE(Family.FLOAT, true, false),
  SLICE(Family.FLOAT, true, false),
  SPLIT(Family.FLOAT, true, false),
  PAD(Family.FLOAT, true, false),
  EXPAND(Family.FLOAT, false, false),
  GATHER(Family.FLOAT, true, false),
  GATHER_ELEMENTS(Family.FLOAT, true, false),
  CUM_SUM(Family.FLOAT, true, false),
  // Evaluated on the host (constant folding, or a host step on run-time values).
  MOD(Family.FLOAT, true, false),
  IS_NAN(Family.FLOAT, true, false),
  IS_INF(Family.FLOAT, true, false),
  NON_ZERO(Family.FLOAT, true, false),
  SCATTER_ELEMENTS(Family.FLOAT, true, false),
  SCATTER_ND(Family.FLOAT, true, false),
  ONE_HOT(Family.FLOAT, true, false),
  TRILU(Family.FLOAT, true, false),
  EYE_LIKE(Family.FLOAT, true, false),
  GATHER_ND(Family.FLOAT, true, false),
  TILE(Family.FLOAT, false, false),
  RESIZE(Family.FLOAT, false, false),
  UPSAMPLE(Family.FLOAT, false, false),
  DEPTH_TO_SPACE(Family.FLOAT, false, false),
  SPACE_TO_DEPTH(Family.FLOAT, false, false),
  IDENTITY(Family.FLOAT, true, false),
  DROPOUT(Family.FLOAT, false, false),
  CAST(Family.FLOAT, true, false),
  // Integer operators (int32 results).
  CONV_INTEGER(Family.INTEGER, false, false),
  MAT_MUL_INTEGER(Family.INTEGER, false, false),
  // Quantized operators: on the int8 (q8ta) kernels, or in fp32 where int8 cannot run them.
  QUANTIZE(Family.QUANTIZED, true, false),
  DEQUANTIZE(Family.QUANTIZED, true, false),
  QCONV(Family.QUANTIZED, false, true),
  QMAT_MUL(Family.QUANTIZED, false, true),
  QGEMM(Family.QUANTIZED, false, true),
  QADD(Family.QUANTIZED, false, true),
  QMUL(Family.QUANTIZED, false, true),
  QGLOBAL_AVERAGE_POOL(Family.QUANTIZED, false, false),
  QAVERAGE_POOL(Family.QUANTIZED, false, false),
  QCONCAT(Family.QUANTIZED, false, false),
  QSIGMOID(Family.QUANTIZED, false, false),
  QLEAKY_RELU(Family.QUANTIZED, false, false),
  // Shape arithmetic: evaluated on the host (Shape of a runtime tensor is known per variant).
  SHAPE(Family.SHAPE, true, false),
  SIZE(Family.HOST, true, false),
  CONSTANT_OF_SHAPE(Family.HOST, true, false),
  RANGE(Family.HOST, true, false),
  /** An operator of the source model with no entry here; its node names the source's operator. */
  UNSUPPORTED(Family.NONE, false, false);

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

  private final Family family;
  private final boolean hostEvaluable;
  private final boolean takesActivation;

  Op(Family family, boolean hostEvaluable, boolean takesActivation) {
    this.family = family;
    this.hostEvaluable = hostEvaluable;
    this.takesActivation = takesActivation;
  }

  /** Returns the lowering family. */
  public Family family() {
    return family;
  }

  /** Returns whether the host reference implementation evaluates it on constant inputs. */
  public boolean hostEvaluable() {
    return hostEvaluable;
  }

  /** Returns whether a following activation can be fused into it. */
  public boolean takesActivation() {
    return takesActivation;
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
