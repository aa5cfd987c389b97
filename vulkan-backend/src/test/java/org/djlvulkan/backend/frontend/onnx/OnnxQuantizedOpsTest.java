package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.f;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.i;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;
import static org.djlvulkan.backend.frontend.onnx.OrtComparison.randomInput;
import static org.djlvulkan.backend.frontend.onnx.TestTensors.codes;
import static org.djlvulkan.backend.frontend.onnx.TestTensors.f32;
import static org.djlvulkan.backend.frontend.onnx.TestTensors.scalar;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.passes.Passes;
import org.djlvulkan.backend.testing.TestDevice;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quantized models in both ONNX formats (QOperator: QLinear* operators; QDQ: float operators
 * between DequantizeLinear and QuantizeLinear), run in fp32 with their quantized tensors rounded to
 * their grids, against ONNX Runtime: every output within one step of its output grid.
 */
@ExtendWith(VulkanExtension.class)
class OnnxQuantizedOpsTest {
  private static final float X_SCALE = 8f / 255;
  private static final String MS = "com.microsoft";

  private static TensorData int32(long seed, int n) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = r.nextInt(2001) - 1000;
    }
    return TensorData.ofDoubles(DataType.INT32, v, n);
  }

  /** Returns n scales {@code first + step * k}. */
  private static float[] ramp(int n, float first, float step) {
    float[] v = new float[n];
    for (int k = 0; k < n; k++) {
      v[k] = first + step * k;
    }
    return v;
  }

  /** A writer with x quantized to uint8 ("xq", scale 8/255, zero point 128). */
  private static OnnxWriter quantizedInput(long opset, long... shape) {
    return new OnnxWriter(opset)
        .opset(MS, 1)
        .input("x", FLOAT, shape)
        .uint8Grid("x", X_SCALE, 128)
        .node("QuantizeLinear", List.of("x", "xs", "xz"), List.of("xq"));
  }

  /**
   * Adds a QLinearConv of {@code xq} with the weights {@code w} (and, with {@code bias}, the int32
   * bias {@code b}) into {@code yq}, {@code pad} on every side at {@code stride}, and its
   * DequantizeLinear into the output {@code y}.
   */
  private static OnnxWriter convToY(OnnxWriter w, boolean bias, long pad, long stride) {
    List<String> in = new ArrayList<>(List.of("xq", "xs", "xz", "w", "ws", "wz", "ys", "yz"));
    if (bias) {
      in.add("b");
    }
    return w.node(
            "QLinearConv",
            in,
            List.of("yq"),
            ints("pads", pad, pad, pad, pad),
            ints("strides", stride, stride))
        .node("DequantizeLinear", List.of("yq", "ys", "yz"), List.of("y"));
  }

  @Test
  void qlinearConvWithPerChannelInt8WeightsAndBias() {
    int oc = 6;
    OnnxWriter w =
        quantizedInput(13, 1, 5, 8, 8)
            .output("y", FLOAT, 1, oc, 4, 4)
            .initializer("w", codes(DataType.INT8, 1, oc, 5, 3, 3))
            .int8ChannelGrid("w", .01f, .02f, .015f, .01f, .03f, .02f)
            .initializer("b", int32(2, oc))
            .uint8Grid("y", 0.25f, 120);
    convToY(w, true, 1, 2);
    OrtComparison.assertWithinOneStep("QLinearConv per-channel int8", w, 3, 0.25f, 1, 5, 8, 8);
  }

  /**
   * ResNet-like shapes (a 3x3 convolution over 32 channels on each conv kernel family, then a 1x1
   * and a residual add with ReLU), where the int8 kernels run their GEMM and sliding-window paths.
   */
  @Test
  void resnetLikeBlockOnAllKernelFamilies() {
    int c = 32;
    float[] ws = ramp(c, 0.002f, 0.0001f);
    OnnxWriter w =
        quantizedInput(13, 1, c, 12, 12)
            .output("y", FLOAT, 1, c, 12, 12)
            .initializer("w", codes(DataType.INT8, 21, c, c, 3, 3))
            .int8ChannelGrid("w", ws)
            .initializer("b", int32(22, c))
            .initializer("p", codes(DataType.INT8, 23, c, c, 1, 1))
            .uint8Grid("y", 0.05f, 0)
            .uint8Grid("z", 0.04f, 128)
            .uint8Grid("a", 0.06f, 0)
            .node(
                "QLinearConv",
                List.of("xq", "xs", "xz", "w", "ws", "wz", "ys", "yz", "b"),
                List.of("yq"),
                ints("pads", 1, 1, 1, 1))
            .node(
                "QLinearConv",
                List.of("yq", "ys", "yz", "p", "ws", "wz", "zs", "zz"),
                List.of("zq"))
            .node(
                MS,
                "QLinearAdd",
                List.of("zq", "zs", "zz", "xq", "xs", "xz", "as", "az"),
                List.of("aq"))
            .node("DequantizeLinear", List.of("aq", "as", "az"), List.of("y"));
    OrtComparison.assertWithinOneStep("ResNet-like block", w, 24, 0.06f, 1, c, 12, 12);
  }

  /**
   * A broadcast int8 add of rank-5 operands, as Swin Transformer int8 adds its window mask to the
   * attention scores (a broadcast add runs in fp32 between the quantizations).
   */
  @Test
  void aBroadcastAddOfRank5Int8Operands() {
    OnnxWriter w =
        new OnnxWriter(13)
            .opset(MS, 1)
            .input("a", FLOAT, 1, 4, 2, 3, 5)
            .input("b", FLOAT, 1, 4, 1, 3, 5)
            .output("y", FLOAT, 1, 4, 2, 3, 5)
            .initializer("s", TensorData.ofFloats(new float[] {0.05f}))
            .initializer("z", scalar(DataType.INT8, 2))
            .initializer("ys", TensorData.ofFloats(new float[] {0.1f}))
            .initializer("yz", scalar(DataType.INT8, -1))
            .node("QuantizeLinear", List.of("a", "s", "z"), List.of("aq"))
            .node("QuantizeLinear", List.of("b", "s", "z"), List.of("bq"))
            .node(
                MS,
                "QLinearAdd",
                List.of("aq", "s", "z", "bq", "s", "z", "ys", "yz"),
                List.of("yq"))
            .node("DequantizeLinear", List.of("yq", "ys", "yz"), List.of("y"));
    OrtComparison.assertWithinSteps(
        "rank-5 broadcast QLinearAdd",
        w.build(),
        List.of("a", "b"),
        List.of(randomInput(31, 1, 4, 2, 3, 5), randomInput(32, 1, 4, 1, 3, 5)),
        0.1f,
        1);
  }

  /** A ResNet stem: 7x7 stride-2 convolution over 3 channels with ReLU, then a 3x3/2 max pool. */
  @Test
  void resnetLikeStem() {
    int oc = 8;
    float[] ws = ramp(oc, 0.003f, 0.0002f);
    OnnxWriter w =
        quantizedInput(13, 1, 3, 20, 20)
            .output("y", FLOAT, 1, oc, 5, 5)
            .initializer("w", codes(DataType.INT8, 31, oc, 3, 7, 7))
            .int8ChannelGrid("w", ws)
            .initializer("b", int32(32, oc))
            .uint8Grid("y", 0.03f, 0)
            .node(
                "QLinearConv",
                List.of("xq", "xs", "xz", "w", "ws", "wz", "ys", "yz", "b"),
                List.of("yq"),
                ints("pads", 3, 3, 3, 3),
                ints("strides", 2, 2))
            .node(
                "MaxPool",
                List.of("yq"),
                List.of("mq"),
                ints("kernel_shape", 3, 3),
                ints("strides", 2, 2),
                ints("pads", 1, 1, 1, 1))
            .node("DequantizeLinear", List.of("mq", "ys", "yz"), List.of("y"));
    OrtComparison.assertWithinOneStep("ResNet-like stem", w, 33, 0.03f, 1, 3, 20, 20);
  }

  /**
   * A 7x7 stride-2 stem over 3 channels whose input quantization the convolution reads alone, or
   * (with {@code codesOut}) also a second output, so that the quantization keeps its own pass; int8
   * weights, or uint8 weights with zero point 0 (codes above 127, which the int8 kernels cannot
   * take).
   */
  private static byte[] quantizedStem(boolean codesOut, boolean int8Weights) {
    int oc = 8;
    OnnxWriter w =
        quantizedInput(13, 2, 3, 20, 20)
            .output("y", FLOAT, 2, oc, 10, 10)
            .initializer("w", codes(int8Weights ? DataType.INT8 : DataType.UINT8, 41, oc, 3, 7, 7));
    if (int8Weights) {
      w.int8ChannelGrid("w", ramp(oc, 0.003f, 0.0002f));
    } else {
      w.uint8Grid("w", 0.002f, 0);
    }
    convToY(w.initializer("b", int32(42, oc)).uint8Grid("y", 0.03f, 0), true, 3, 2);
    if (codesOut) {
      w.output("xd", FLOAT, 2, 3, 20, 20)
          .node("DequantizeLinear", List.of("xq", "xs", "xz"), List.of("xd"));
    }
    return w.build();
  }

  private static List<HostTensor> runProfiled(byte[] model, HostTensor x, List<String> kernels) {
    return runProfiled(VulkanExtension.device(), model, x, kernels);
  }

  private static List<HostTensor> runProfiled(
      VulkanDevice device, byte[] model, HostTensor x, List<String> kernels) {
    ModelOptions options = ModelOptions.DEFAULT.withProfiling(true);
    try (InferenceModel m = OnnxModels.load(device, model, "stem", options);
        InferenceSession s = m.newSession()) {
      List<HostTensor> out = s.run(List.of(x));
      s.lastProfile().forEach(t -> kernels.add(t.kernel()));
      return out;
    }
  }

  /**
   * The stem's QuantizeLinear adds no pass when the stem runs as written ({@code
   * KernelPolicy.Stem.STRIDED}): the convolution's im2col (or implicit GEMM) quantizes the float
   * input, and writes the same words as after a quantization pass of its own (the model that also
   * outputs the codes keeps that pass).
   */
  @Test
  void aStridedStemConvolutionQuantizesItsFloatInputItself() {
    HostTensor x = randomInput(43, 2, 3, 20, 20);
    List<String> fusedKernels = new ArrayList<>();
    List<String> passKernels = new ArrayList<>();
    KernelPolicy strided = KernelPolicy.DEFAULT.withStem(KernelPolicy.Stem.STRIDED);
    try (VulkanDevice device = VulkanDevice.open(TestDevice.options().withKernelPolicy(strided))) {
      HostTensor fused = runProfiled(device, quantizedStem(false, true), x, fusedKernels).get(0);
      HostTensor withPass = runProfiled(device, quantizedStem(true, true), x, passKernels).get(0);
      assertThat(fusedKernels).as("kernels").noneMatch(k -> k.startsWith("quantize"));
      assertThat(passKernels).as("kernels").anyMatch(k -> k.startsWith("quantize"));
      assertThat(fusedKernels).hasSize(passKernels.size() - 2); // the pass and the codes' output
      assertThat(fused.toFloats()).as("the same values").containsExactly(withPass.toFloats());
    }
  }

  /**
   * A 7 x 7 stride-2 stem at batch 2 runs on its input's 2 x 2 space-to-depth (the default policy
   * rewrites it on every device): its float input is quantized into that form, and the outputs are
   * the words of the convolution as written after a quantization pass of its own, within one step
   * of ONNX Runtime.
   */
  @Test
  void aLargeStemRunsOnItsInputsSpaceToDepth() {
    HostTensor x = randomInput(43, 2, 3, 20, 20);
    List<String> s2dKernels = new ArrayList<>();
    List<String> passKernels = new ArrayList<>();
    HostTensor s2d = runProfiled(quantizedStem(false, true), x, s2dKernels).get(0);
    HostTensor withPass = runProfiled(quantizedStem(true, true), x, passKernels).get(0);
    assertThat(s2dKernels)
        .as("kernels")
        .filteredOn(k -> k.startsWith("quantize"))
        .containsExactly("quantize_nchw_to_4w4c_s2d");
    assertThat(passKernels).as("kernels").contains("quantize_nchw_to_4w4c");
    assertThat(s2d.toFloats()).as("the same values").containsExactly(withPass.toFloats());
    OrtComparison.assertWithinSteps(
        "stem on its input's space-to-depth",
        quantizedStem(false, true),
        List.of("x"),
        List.of(x),
        0.03f,
        1);
  }

  /**
   * A node that runs on the host (a Slice with run-time ends) between the stem's quantization and
   * its convolution: the device step that quantizes ends before the convolution, so it quantizes
   * the values it held back and hands on codes; within one step of ONNX Runtime.
   */
  @Test
  void aHostStepBetweenTheQuantizationAndItsConvolution() {
    OnnxWriter w =
        quantizedInput(13, 1, 3, 12, 12)
            .input("z", FLOAT, 1, 4, 5, 5)
            .input("e", OnnxWriter.INT64, 1)
            .output("y", FLOAT, 1, 8, 6, 6)
            .output("s", FLOAT, 1, 4, -1, 5)
            .initializer("zero", TensorData.ofLongs(new long[] {0}, 1))
            .initializer("axis", TensorData.ofLongs(new long[] {2}, 1))
            .node("Slice", List.of("z", "zero", "e", "axis"), List.of("s"))
            .initializer("w", codes(DataType.INT8, 46, 8, 3, 7, 7))
            .int8ChannelGrid("w", ramp(8, 0.003f, 0.0002f))
            .uint8Grid("y", 0.03f, 0);
    byte[] model = convToY(w, false, 3, 2).build();
    List<HostTensor> in =
        List.of(randomInput(47, 1, 3, 12, 12), randomInput(48, 1, 4, 5, 5), TestTensors.longs(3));
    OrtComparison.assertWithinSteps(
        "host step after the quantization", model, List.of("x", "z", "e"), in, 0.03f, 1);
    try (InferenceModel m =
            OnnxModels.load(VulkanExtension.device(), model, "steps", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      s.run(in);
      assertThat(((CompiledModel) m).hostNodes()).singleElement().asString().contains("(Slice)");
    }
  }

  /**
   * A stem convolution that cannot run on the int8 kernels (uint8 weights with zero point 0 above
   * 127) runs in fp32 on the codes its input quantization would have written.
   */
  @Test
  void aStemConvolutionInFp32StillReadsQuantizedCodes() {
    OrtComparison.assertWithinSteps(
        "stem in fp32",
        quantizedStem(false, false),
        List.of("x"),
        List.of(randomInput(45, 2, 3, 20, 20)),
        0.03f,
        1);
  }

  @Test
  void qlinearConvWithUint8WeightsAndZeroPoint() {
    OnnxWriter w =
        quantizedInput(13, 1, 3, 6, 6)
            .output("y", FLOAT, 1, 4, 6, 6)
            .initializer("w", codes(DataType.UINT8, 4, 4, 3, 1, 1))
            .uint8Grid("w", 0.01f, 128)
            .uint8Grid("y", 0.2f, 128);
    convToY(w, false, 0, 1);
    OrtComparison.assertWithinOneStep("QLinearConv uint8 weights zp 128", w, 5, 0.2f, 1, 3, 6, 6);
  }

  @Test
  void maxPoolOnUint8AndQlinearAddAndGlobalAveragePool() {
    OnnxWriter w =
        quantizedInput(13, 1, 4, 6, 6)
            .output("y", FLOAT, 1, 4, 1, 1)
            .uint8Grid("a", 0.05f, 100)
            .uint8Grid("g", 0.02f, 130)
            .node(
                "MaxPool",
                List.of("xq"),
                List.of("mq"),
                ints("kernel_shape", 2, 2),
                ints("strides", 1, 1),
                ints("pads", 1, 1, 0, 0))
            .node(
                MS,
                "QLinearAdd",
                List.of("mq", "xs", "xz", "xq", "xs", "xz", "as", "az"),
                List.of("aq"))
            .node(
                MS,
                "QLinearGlobalAveragePool",
                List.of("aq", "as", "az", "gs", "gz"),
                List.of("gq"),
                i("channels_last", 0))
            .node("DequantizeLinear", List.of("gq", "gs", "gz"), List.of("y"));
    OrtComparison.assertWithinOneStep(
        "MaxPool(uint8) + QLinearAdd + QLinearGlobalAveragePool", w, 6, 0.02f, 1, 4, 6, 6);
  }

  @Test
  void qlinearMatMulAndQgemm() {
    OnnxWriter w =
        quantizedInput(13, 2, 8)
            .output("y", FLOAT, 2, 5)
            .output("z", FLOAT, 2, 3)
            .initializer("b", codes(DataType.INT8, 7, 8, 5))
            .initializer("bs", f32(0.02f))
            .initializer("bz", TensorData.ofDoubles(DataType.INT8, new double[] {0}))
            .uint8Grid("m", 0.1f, 128)
            .initializer("g", codes(DataType.INT8, 8, 3, 8))
            .initializer("gb", int32(9, 3))
            .uint8Grid("g", 0.05f, 128)
            .node(
                "QLinearMatMul",
                List.of("xq", "xs", "xz", "b", "bs", "bz", "ms", "mz"),
                List.of("mq"))
            .node("DequantizeLinear", List.of("mq", "ms", "mz"), List.of("y"))
            .node(
                MS,
                "QGemm",
                List.of("xq", "xs", "xz", "g", "bs", "bz", "gb", "gs", "gz"),
                List.of("gq"),
                i("transB", 1))
            .node("DequantizeLinear", List.of("gq", "gs", "gz"), List.of("z"));
    OrtComparison.assertWithinOneStep("QLinearMatMul + QGemm", w, 10, 0.1f, 2, 8);
  }

  @Test
  void qlinearMatMulWithAOneDimensionalOperandMatchesOrt() {
    // A 1-D A is a row (the result drops it); a 1-D B a column (likewise).
    for (boolean vectorA : new boolean[] {true, false}) {
      long[] xShape = vectorA ? new long[] {7} : new long[] {3, 7};
      long[] bShape = vectorA ? new long[] {7, 4} : new long[] {7};
      long[] yShape = vectorA ? new long[] {4} : new long[] {3};
      OnnxWriter w =
          quantizedInput(13, xShape)
              .output("y", FLOAT, yShape)
              .initializer("b", codes(DataType.INT8, 21, bShape))
              .initializer("bs", f32(0.02f))
              .initializer("bz", TensorData.ofDoubles(DataType.INT8, new double[] {0}))
              .uint8Grid("m", 0.05f, 128)
              .node(
                  "QLinearMatMul",
                  List.of("xq", "xs", "xz", "b", "bs", "bz", "ms", "mz"),
                  List.of("mq"))
              .node("DequantizeLinear", List.of("mq", "ms", "mz"), List.of("y"));
      OrtComparison.assertWithinOneStep(
          "QLinearMatMul 1-D " + (vectorA ? "A" : "B"), w, 22, 0.05f, xShape);
    }
  }

  @Test
  void qlinearLeakyReluMatchesOrt() {
    OnnxWriter w =
        quantizedInput(13, 1, 3, 6, 6)
            .output("y", FLOAT, 1, 3, 6, 6)
            .uint8Grid("l", 0.03f, 100)
            .node(
                MS,
                "QLinearLeakyRelu",
                List.of("xq", "xs", "xz", "ls", "lz"),
                List.of("lq"),
                f("alpha", 0.2f))
            .node("DequantizeLinear", List.of("lq", "ls", "lz"), List.of("y"));
    OrtComparison.assertWithinOneStep("QLinearLeakyRelu", w, 12, 0.03f, 1, 3, 6, 6);
  }

  @Test
  void qlinearConcatSigmoidMulAndAveragePool() {
    OnnxWriter w =
        quantizedInput(13, 1, 3, 6, 6)
            .output("y", FLOAT, 1, 6, 3, 3)
            .uint8Grid("s", 1f / 256, 0)
            .uint8Grid("c", 0.04f, 128)
            .uint8Grid("p", 0.03f, 128)
            .node(MS, "QLinearSigmoid", List.of("xq", "xs", "xz", "ss", "sz"), List.of("sq"))
            .node(
                MS,
                "QLinearMul",
                List.of("xq", "xs", "xz", "sq", "ss", "sz", "xs", "xz"),
                List.of("mq"))
            .node(
                MS,
                "QLinearConcat",
                List.of("cs", "cz", "mq", "xs", "xz", "sq", "ss", "sz"),
                List.of("cq"),
                i("axis", 1))
            .node(
                MS,
                "QLinearAveragePool",
                List.of("cq", "cs", "cz", "ps", "pz"),
                List.of("pq"),
                ints("kernel_shape", 2, 2),
                ints("strides", 2, 2))
            .node("DequantizeLinear", List.of("pq", "ps", "pz"), List.of("y"));
    OrtComparison.assertWithinOneStep(
        "QLinearSigmoid + QLinearMul + QLinearConcat + QLinearAveragePool",
        w,
        11,
        0.03f,
        1,
        3,
        6,
        6);
  }

  /** A QDQ convolution block: x -> Q -> DQ -> Conv(DQ(w), DQ(b)) -> Relu -> Q -> DQ. */
  private static byte[] qdqConvModel() {
    int oc = 4;
    float[] ws = {.02f, .01f, .03f, .015f};
    float[] bs = new float[oc];
    for (int c = 0; c < oc; c++) {
      bs[c] = X_SCALE * ws[c];
    }
    return quantizedInput(17, -1, 3, 7, 7)
        .output("y", FLOAT, -1, oc, 1, 1)
        .initializer("w", codes(DataType.INT8, 12, oc, 3, 3, 3))
        .int8ChannelGrid("w", ws)
        .initializer("b", int32(13, oc))
        .initializer("bs", TensorData.ofFloats(bs, oc))
        .initializer("bz", TensorData.ofDoubles(DataType.INT32, new double[oc], oc))
        .uint8Grid("c", 0.1f, 0)
        .uint8Grid("g", 0.05f, 0)
        .node("DequantizeLinear", List.of("xq", "xs", "xz"), List.of("xd"))
        .node("DequantizeLinear", List.of("w", "ws", "wz"), List.of("wd"), i("axis", 0))
        .node("DequantizeLinear", List.of("b", "bs", "bz"), List.of("bd"), i("axis", 0))
        .node("Conv", List.of("xd", "wd", "bd"), List.of("c"), ints("pads", 1, 1, 1, 1))
        .node("Relu", List.of("c"), List.of("r"))
        .node("QuantizeLinear", List.of("r", "cs", "cz"), List.of("rq"))
        .node("DequantizeLinear", List.of("rq", "cs", "cz"), List.of("rd"))
        .node("GlobalAveragePool", List.of("rd"), List.of("g"))
        .node("QuantizeLinear", List.of("g", "gs", "gz"), List.of("gq"))
        .node("DequantizeLinear", List.of("gq", "gs", "gz"), List.of("y"))
        .build();
  }

  @Test
  void qdqPatternsBecomeQuantizedOperators() {
    byte[] model = qdqConvModel();
    IrGraph g = Passes.prepare(OnnxModels.importGraph(model, "qdq conv", null));
    List<Op> ops = g.nodes().stream().map(IrNode::op).toList();
    assertThat(ops).containsExactly(Op.QUANTIZE, Op.QCONV, Op.QGLOBAL_AVERAGE_POOL, Op.DEQUANTIZE);
    assertThat(g.nodes().get(1).activation().clamp()).as("Relu fused into QLinearConv").isTrue();
  }

  @Test
  void qdqConvReluAndPoolMatchOnnxRuntime() {
    OrtComparison.assertWithinSteps(
        "QDQ conv + relu + global pool",
        qdqConvModel(),
        List.of("x"),
        List.of(randomInput(14, 2, 3, 7, 7)),
        0.05f,
        1);
  }

  /** DequantizeLinear, LeakyRelu (alpha 0.2), QuantizeLinear: ONNX Runtime's QDQ leaky ReLU. */
  private static byte[] qdqLeakyReluModel() {
    return quantizedInput(13, 1, 3, 6, 6)
        .output("y", FLOAT, 1, 3, 6, 6)
        .uint8Grid("l", 0.03f, 100)
        .node("DequantizeLinear", List.of("xq", "xs", "xz"), List.of("xd"))
        .node("LeakyRelu", List.of("xd"), List.of("l"), f("alpha", 0.2f))
        .node("QuantizeLinear", List.of("l", "ls", "lz"), List.of("lq"))
        .node("DequantizeLinear", List.of("lq", "ls", "lz"), List.of("y"))
        .build();
  }

  @Test
  void qdqLeakyReluBecomesTheQuantizedLeakyReluAndMatchesOrt() {
    IrGraph g = Passes.prepare(OnnxModels.importGraph(qdqLeakyReluModel(), "qdq leaky", null));
    assertThat(g.nodes().stream().map(IrNode::op).toList())
        .containsExactly(Op.QUANTIZE, Op.QLEAKY_RELU, Op.DEQUANTIZE);
    OrtComparison.assertWithinSteps(
        "QDQ LeakyRelu",
        qdqLeakyReluModel(),
        List.of("x"),
        List.of(randomInput(15, 1, 3, 6, 6)),
        0.03f,
        1);
  }

  /**
   * A QDQ classifier head as ResNet50's: a global average pool, then a Flatten between a
   * DequantizeLinear and a QuantizeLinear of the same grid, then a Gemm; without {@code
   * poolQuantized}, the pool's output goes through the Flatten before its QuantizeLinear (as
   * ExecuTorch's mean.dim without keepdim: a pool and a Reshape).
   */
  private static byte[] qdqClassifierModel(boolean poolQuantized) {
    int k = 8;
    int classes = 5;
    float gs = 0.02f;
    float ws = 0.01f;
    OnnxWriter w =
        quantizedInput(17, -1, k, 3, 3)
            .output("y", FLOAT, -1, classes)
            .uint8Grid("g", gs, 3)
            .initializer("w", codes(DataType.INT8, 31, classes, k))
            .int8ChannelGrid("w", ws)
            .initializer("b", int32(32, classes))
            .initializer("bs", TensorData.ofFloats(new float[] {gs * ws}, 1))
            .initializer("bz", TensorData.ofDoubles(DataType.INT32, new double[1], 1))
            .uint8Grid("o", 0.05f, 128)
            .node("DequantizeLinear", List.of("xq", "xs", "xz"), List.of("xd"))
            .node("GlobalAveragePool", List.of("xd"), List.of("p"));
    if (poolQuantized) {
      w.node("QuantizeLinear", List.of("p", "gs", "gz"), List.of("pq"))
          .node("DequantizeLinear", List.of("pq", "gs", "gz"), List.of("pd"));
    }
    return w.node("Flatten", List.of(poolQuantized ? "pd" : "p"), List.of("f"))
        .node("QuantizeLinear", List.of("f", "gs", "gz"), List.of("fq"))
        .node("DequantizeLinear", List.of("fq", "gs", "gz"), List.of("fd"))
        .node("DequantizeLinear", List.of("w", "ws", "wz"), List.of("wd"))
        .node("DequantizeLinear", List.of("b", "bs", "bz"), List.of("bd"))
        .node("Gemm", List.of("fd", "wd", "bd"), List.of("o"), i("transB", 1))
        .node("QuantizeLinear", List.of("o", "os", "oz"), List.of("oq"))
        .node("DequantizeLinear", List.of("oq", "os", "oz"), List.of("y"))
        .build();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aFlattenBeforeOrAfterTheQuantizationMovesTheCodesAndMatchesOrt(boolean poolQuantized) {
    byte[] model = qdqClassifierModel(poolQuantized);
    IrGraph g = Passes.prepare(OnnxModels.importGraph(model, "qdq head", null));
    assertThat(g.nodes().stream().map(IrNode::op).toList())
        .containsExactly(Op.QUANTIZE, Op.QGLOBAL_AVERAGE_POOL, Op.FLATTEN, Op.QGEMM, Op.DEQUANTIZE);
    OrtComparison.assertWithinSteps(
        "QDQ pool, Flatten, Gemm" + (poolQuantized ? "" : " (Flatten before Q)"),
        model,
        List.of("x"),
        List.of(randomInput(16, 2, 8, 3, 3)),
        0.05f,
        1);
    // The Gemm writes its codes' real values itself: no dequantize pass after it.
    ModelOptions options = ModelOptions.DEFAULT.withProfiling(true);
    try (InferenceModel m = OnnxModels.load(VulkanExtension.device(), model, "qdq head", options);
        InferenceSession s = m.newSession()) {
      s.run(List.of(randomInput(16, 2, 8, 3, 3)));
      assertThat(s.lastProfile().stream().map(NodeTiming::kernel).toList())
          .as("kernels")
          .anyMatch(k -> k.startsWith("int8_linear_dq"))
          .noneMatch(k -> k.startsWith("dequantize"));
    }
  }

  /**
   * A QOperator classifier head as the ONNX model zoo's MobileNetV2 int8: QLinearMatMul, then
   * QLinearAdd of a uint8 bias constant of shape [classes] (broadcast over the batch).
   */
  private static byte[] qlinearMatMulBiasModel() {
    int k = 8;
    int classes = 6;
    return quantizedInput(13, 3, k)
        .output("y", FLOAT, 3, classes)
        .initializer("w", codes(DataType.UINT8, 41, k, classes))
        .uint8Grid("w", 0.02f, 120)
        .uint8Grid("m", 0.1f, 128)
        .initializer("c", codes(DataType.UINT8, 42, classes))
        .uint8Grid("c", 0.03f, 110)
        .uint8Grid("o", 0.12f, 125)
        .node(
            "QLinearMatMul", List.of("xq", "xs", "xz", "w", "ws", "wz", "ms", "mz"), List.of("mq"))
        .node(
            MS, "QLinearAdd", List.of("mq", "ms", "mz", "c", "cs", "cz", "os", "oz"), List.of("oq"))
        .node("DequantizeLinear", List.of("oq", "os", "oz"), List.of("y"))
        .build();
  }

  @Test
  void aQlinearAddOfABroadcastConstantRunsOnTheInt8KernelAndMatchesOrt() {
    byte[] model = qlinearMatMulBiasModel();
    List<HostTensor> in = List.of(randomInput(17, 3, 8));
    OrtComparison.assertWithinSteps(
        "QLinearMatMul + bias QLinearAdd", model, List.of("x"), in, 0.12f, 0);
    ModelOptions options = ModelOptions.DEFAULT.withProfiling(true);
    try (InferenceModel m = OnnxModels.load(VulkanExtension.device(), model, "bias", options);
        InferenceSession s = m.newSession()) {
      s.run(in);
      assertThat(s.lastProfile().stream().map(NodeTiming::kernel).toList())
          .as("kernels")
          .anyMatch(k -> k.startsWith("int8_add"))
          .noneMatch(k -> k.contains("f32"));
    }
  }
}
