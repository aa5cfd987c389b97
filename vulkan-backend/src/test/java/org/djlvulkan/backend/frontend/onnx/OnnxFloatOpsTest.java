package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT16;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.f;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.i;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.s;
import static org.djlvulkan.backend.frontend.onnx.OrtComparison.check;
import static org.djlvulkan.backend.frontend.onnx.OrtComparison.randomInput;
import static org.djlvulkan.backend.frontend.onnx.TestTensors.rnd;

import java.util.List;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.tensor.Float16;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Small float models written in Java, one or a few operators and passes each, run here and in ONNX
 * Runtime on the same bytes and inputs.
 */
@ExtendWith(VulkanExtension.class)
class OnnxFloatOpsTest {
  @Test
  void convWithBiasPadsStrideAndFusedRelu() {
    OnnxWriter w =
        new OnnxWriter(17)
            .input("x", FLOAT, -1, 5, 9, 9)
            .output("r", FLOAT, -1, 6, 5, 5)
            .initializer("w", rnd(6 * 5 * 9, 1), 6, 5, 3, 3)
            .initializer("b", rnd(6, 2), 6)
            .node(
                "Conv",
                List.of("x", "w", "b"),
                List.of("c"),
                ints("kernel_shape", 3, 3),
                ints("pads", 1, 1, 1, 1),
                ints("strides", 2, 2))
            .node("Relu", List.of("c"), List.of("r"));
    check("conv 3x3 s2 + relu", w, randomInput(3, 2, 5, 9, 9));
  }

  @Test
  void groupedDilatedConvSameLowerConvAndClip() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 4, 10, 7)
            .output("r", FLOAT, 1, 3, 5, 4)
            .initializer("w", rnd(6 * 2 * 9, 4), 6, 2, 3, 3)
            .initializer("w2", rnd(3 * 6 * 4, 35), 3, 6, 2, 2)
            .initializer("lo", new float[] {0f})
            .initializer("hi", new float[] {1.5f})
            .node(
                "Conv",
                List.of("x", "w"),
                List.of("c"),
                i("group", 2),
                ints("dilations", 2, 2),
                ints("pads", 2, 2, 2, 2))
            .node(
                "Conv",
                List.of("c", "w2"),
                List.of("c2"),
                ints("strides", 2, 2),
                s("auto_pad", "SAME_LOWER"))
            .node("Clip", List.of("c2", "lo", "hi"), List.of("r"));
    check("grouped dilated conv + SAME_LOWER conv + clip", w, randomInput(5, 1, 4, 10, 7));
  }

  @Test
  void depthwiseConvWithBatchNormFoldedAndRelu6FromOldClip() {
    int c = 6;
    OnnxWriter w =
        new OnnxWriter(9)
            .input("x", FLOAT, 1, c, 8, 8)
            .output("r", FLOAT, 1, c, 8, 8)
            .initializer("w", rnd(c * 9, 6), c, 1, 3, 3)
            .batchNormStats(c, 7)
            .node("Conv", List.of("x", "w"), List.of("c"), i("group", c), ints("pads", 1, 1, 1, 1))
            .node(
                "BatchNormalization",
                List.of("c", "gamma", "beta", "mean", "var"),
                List.of("bn"),
                f("epsilon", 1e-3f))
            .node("Clip", List.of("bn"), List.of("r"), f("min", 0f), f("max", 6f));
    check("depthwise conv + BN + clip(opset 9 attrs)", w, randomInput(11, 1, c, 8, 8));
  }

  @Test
  void flattenGemmWithAlphaBetaTransBAndSoftmax() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, -1, 3, 2, 2)
            .output("p", FLOAT, -1, 5)
            .initializer("b", rnd(5 * 12, 12), 5, 12)
            .initializer("c", rnd(5, 13), 5)
            .node("Flatten", List.of("x"), List.of("f"))
            .node(
                "Gemm",
                List.of("f", "b", "c"),
                List.of("g"),
                i("transB", 1),
                f("alpha", 0.5f),
                f("beta", 2f))
            .node("Softmax", List.of("g"), List.of("p"));
    check("flatten + gemm(alpha, beta, transB) + softmax", w, randomInput(14, 3, 3, 2, 2));
  }

  @Test
  void matMulPlusBiasBecomesGemm() {
    OnnxWriter w =
        new OnnxWriter(17)
            .input("x", FLOAT, 2, 7)
            .output("r", FLOAT, 2, 3)
            .initializer("b", rnd(21, 15), 7, 3)
            .initializer("c", rnd(3, 16), 1, 3)
            .node("MatMul", List.of("x", "b"), List.of("m"))
            .node("Add", List.of("m", "c"), List.of("a"))
            .node("Relu", List.of("a"), List.of("r"));
    check("matmul + add(bias) + relu", w, randomInput(17, 2, 7));
  }

  @Test
  void broadcastingArithmeticAndSum() {
    OnnxWriter w =
        new OnnxWriter(17)
            .input("x", FLOAT, 2, 5, 3, 4)
            .input("y", FLOAT, 5, 1, 4)
            .output("r", FLOAT, 2, 5, 3, 4)
            .initializer("k", rnd(5, 18), 5, 1, 1)
            .initializer("two", new float[] {2f})
            .node("Add", List.of("x", "k"), List.of("a"))
            .node("Sub", List.of("a", "y"), List.of("b"))
            .node("Mul", List.of("b", "two"), List.of("m"))
            .node("Sum", List.of("m", "x", "y"), List.of("r"));
    check("add/sub/mul broadcast + sum", w, randomInput(19, 2, 5, 3, 4), randomInput(20, 5, 1, 4));
  }

  @Test
  void poolsWithPaddingCeilModeAndGlobal() {
    OnnxWriter w =
        new OnnxWriter(17)
            .input("x", FLOAT, 1, 5, 11, 9)
            .output("mp", FLOAT, 1, 5, 6, 5)
            .output("ap", FLOAT, 1, 5, 5, 4)
            .output("gap", FLOAT, 1, 5, 1, 1)
            .output("gmp", FLOAT, 1, 5, 1, 1)
            .node(
                "MaxPool",
                List.of("x"),
                List.of("mp"),
                ints("kernel_shape", 3, 3),
                ints("strides", 2, 2),
                ints("pads", 1, 1, 0, 0),
                i("ceil_mode", 1))
            .node(
                "AveragePool",
                List.of("x"),
                List.of("ap"),
                ints("kernel_shape", 3, 3),
                ints("strides", 2, 2),
                ints("pads", 1, 0, 1, 0),
                i("count_include_pad", 1))
            .node("GlobalAveragePool", List.of("x"), List.of("gap"))
            .node("GlobalMaxPool", List.of("x"), List.of("gmp"));
    check("max/avg/global pools", w, randomInput(21, 1, 5, 11, 9));
  }

  @Test
  void unaryActivationsAndStandaloneBatchNorm() {
    int c = 3;
    OnnxWriter w =
        new OnnxWriter(17)
            .input("x", FLOAT, 2, c, 4, 5)
            .output("r", FLOAT, 2, c, 4, 5)
            .batchNormStats(c, 22)
            .node("BatchNormalization", List.of("x", "gamma", "beta", "mean", "var"), List.of("bn"))
            .node("Sigmoid", List.of("bn"), List.of("s"))
            .node("HardSigmoid", List.of("x"), List.of("hs"), f("alpha", 0.3f))
            .node("HardSwish", List.of("x"), List.of("hw"))
            .node("Add", List.of("s", "hs"), List.of("a"))
            .node("Add", List.of("a", "hw"), List.of("r"));
    check("batchnorm + sigmoid + hardsigmoid + hardswish", w, randomInput(26, 2, c, 4, 5));
  }

  @Test
  void shapeArithmeticReshapeConcatTransposeSqueeze() {
    // Reshape to [N, -1] through Shape -> Gather -> Unsqueeze -> Concat, as exporters write it.
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, -1, 3, 2, 2)
            .input("y", FLOAT, -1, 5, 2, 2)
            .output("r", FLOAT, -1, 32)
            .output("s", FLOAT, -1, 32)
            .output("t", FLOAT, -1, 2, 2, 8)
            .initializer("zero", TensorData.ofLongs(new long[] {0}))
            .initializer("minus1", TensorData.ofLongs(new long[] {-1}, 1))
            .initializer("axes", TensorData.ofLongs(new long[] {0}, 1))
            .initializer("axes2", TensorData.ofLongs(new long[] {2}, 1))
            .node("Concat", List.of("x", "y"), List.of("cat"), i("axis", 1))
            .node("Identity", List.of("cat"), List.of("cat2"))
            .node("Dropout", List.of("cat2"), List.of("d"))
            .node("Shape", List.of("d"), List.of("shape"))
            .node("Gather", List.of("shape", "zero"), List.of("n"), i("axis", 0))
            .node("Unsqueeze", List.of("n", "axes"), List.of("n1"))
            .node("Concat", List.of("n1", "minus1"), List.of("target"), i("axis", 0))
            .node("Reshape", List.of("d", "target"), List.of("r"))
            .node("Unsqueeze", List.of("r", "axes2"), List.of("u"))
            .node("Squeeze", List.of("u", "axes2"), List.of("s"))
            .node("Transpose", List.of("d"), List.of("t"), ints("perm", 0, 2, 3, 1));
    check(
        "shape arithmetic + reshape + concat + transpose",
        w,
        randomInput(27, 2, 3, 2, 2),
        randomInput(28, 2, 5, 2, 2));
  }

  @Test
  void oldSoftmaxFlattensTheTrailingAxes() {
    OnnxWriter w =
        new OnnxWriter(11)
            .input("x", FLOAT, 2, 3, 2, 2)
            .output("r", FLOAT, 2, 3, 2, 2)
            .node("Softmax", List.of("x"), List.of("r"), i("axis", 1));
    check("softmax opset 11 (axis 1 of 4-D)", w, randomInput(29, 2, 3, 2, 2));
  }

  @Test
  void cumSumAlongAMiddleAxisForwardAndReversedExclusive() {
    // On the device: a product with a triangle of ones, the axis moved last and back.
    OnnxWriter w =
        new OnnxWriter(14)
            .input("x", FLOAT, 2, 5, 3)
            .output("f", FLOAT, 2, 5, 3)
            .output("r", FLOAT, 2, 5, 3)
            .initializer("axis", TensorData.ofLongs(new long[] {-2}))
            .node("CumSum", List.of("x", "axis"), List.of("f"))
            .node("CumSum", List.of("x", "axis"), List.of("r"), i("reverse", 1), i("exclusive", 1));
    check("cumsum along axis 1, forward and reversed exclusive", w, randomInput(31, 2, 5, 3));
  }

  @Test
  void groupNormalizationPerGroupAndPerChannel() {
    // Operator set 18 scales per group, 21 per channel; 6 channels in 3 groups of 2.
    for (int opset : new int[] {18, 21}) {
      int params = opset == 18 ? 3 : 6;
      OnnxWriter w =
          new OnnxWriter(opset)
              .input("x", FLOAT, 2, 6, 4, 5)
              .output("y", FLOAT, 2, 6, 4, 5)
              .initializer("scale", rnd(params, 32), params)
              .initializer("bias", rnd(params, 33), params)
              .node(
                  "GroupNormalization",
                  List.of("x", "scale", "bias"),
                  List.of("y"),
                  i("num_groups", 3),
                  f("epsilon", 1e-3f));
      check("group normalization, opset " + opset, w, randomInput(34, 2, 6, 4, 5));
    }
  }

  /**
   * Operator set 11 gives axes and split sizes as attributes, which the importer moves to the
   * constant inputs of the newer sets: on the device, and folded on the host (the constant branch).
   */
  @Test
  void olderOpsetsOperandsGivenAsAttributes() {
    OnnxWriter w =
        new OnnxWriter(11)
            .input("x", FLOAT, 2, 3, 1, 4)
            .output("r", FLOAT, 2, 1, 1, 1)
            .output("parts", FLOAT, 2, 2, 4)
            .output("ls", FLOAT, 2, 3, 1, 4)
            .initializer("c", rnd(3 * 4, 40), 1, 3, 1, 4)
            .node("ReduceSum", List.of("c"), List.of("cs"), ints("axes", 1), i("keepdims", 1))
            .node("Add", List.of("x", "cs"), List.of("xa"))
            .node("Squeeze", List.of("xa"), List.of("sq"), ints("axes", 2))
            .node("Split", List.of("sq"), List.of("s0", "s1"), i("axis", 1), ints("split", 1, 2))
            .node("ReduceSum", List.of("s1"), List.of("parts"), ints("axes", 1), i("keepdims", 1))
            .node("Unsqueeze", List.of("s0"), List.of("u"), ints("axes", 3))
            .node("ReduceMean", List.of("u"), List.of("r"), ints("axes", 1, 2, 3), i("keepdims", 1))
            .node("LogSoftmax", List.of("x"), List.of("ls"), i("axis", 1));
    check(
        "opset 11 attributes: reduce, squeeze, split, unsqueeze, logsoftmax",
        w,
        randomInput(41, 2, 3, 1, 4));
  }

  @Test
  void opset9TopKTakesKAsAnAttribute() {
    OnnxWriter w =
        new OnnxWriter(9)
            .input("x", FLOAT, 3, 10)
            .output("v", FLOAT, 3, 4)
            .node("TopK", List.of("x"), List.of("v", "i"), i("k", 4), i("axis", 1));
    check("opset 9 TopK (k attribute)", w, randomInput(42, 3, 10));
  }

  @Test
  void float16EdgesAndWeights() {
    float[] wv = rnd(4 * 3, 30);
    OnnxWriter w =
        new OnnxWriter(17)
            .input("x", FLOAT16, 1, 3, 5, 5)
            .output("r", FLOAT16, 1, 4, 5, 5)
            .initializer(
                "w", new TensorData(DataType.FLOAT16, new long[] {4, 3, 1, 1}, Float16.narrow(wv)))
            .node("Conv", List.of("x", "w"), List.of("r"));
    HostTensor x =
        new HostTensor(ElementType.FLOAT16, new long[] {1, 3, 5, 5}, Float16.narrow(rnd(75, 31)));
    OrtComparison.assertWithinSteps("float16 conv", w.build(), List.of("x"), List.of(x), 4e-3f, 1);
  }

  @Test
  void typedFieldInitializersAndInt64Constants() {
    float[] b = rnd(4, 32);
    OnnxWriter w =
        new OnnxWriter(17)
            .input("x", FLOAT, 1, 4)
            .output("r", FLOAT, 1, 4)
            .rawInitializer(OnnxWriter.typedFloatTensor("b", b, 4))
            .initializer("shape", TensorData.ofLongs(new long[] {1, 4}, 2))
            .node("Reshape", List.of("b", "shape"), List.of("b2"))
            .node("Add", List.of("x", "b2"), List.of("r"));
    check("typed float_data + int64 reshape", w, randomInput(33, 1, 4));
  }

  @Test
  void variantsForNewBatchSizesShareThePackedWeights() {
    byte[] model =
        new OnnxWriter(17)
            .input("x", FLOAT, -1, 3, 6, 6)
            .output("y", FLOAT, -1, 4, 6, 6)
            .initializer("w", rnd(4 * 3 * 9, 36), 4, 3, 3, 3)
            .initializer("b", rnd(4, 37), 4)
            .node("Conv", List.of("x", "w", "b"), List.of("y"), ints("pads", 1, 1, 1, 1))
            .build();
    try (var m = OnnxModels.load(VulkanExtension.device(), model, "conv", ModelOptions.DEFAULT);
        var session = m.newSession()) {
      long weights = m.weightBytes();
      assertThat(weights).isPositive();
      HostTensor x = randomInput(38, 3, 3, 6, 6);
      float[] ours = session.run(List.of(x)).get(0).toFloats();
      assertThat(m.weightBytes())
          .as("a second variant reuses the weights of the first")
          .isEqualTo(weights);
      float[] ref = OrtReference.run(model, List.of("x"), List.of(x)).get(0).toFloats();
      double[] expected = new double[ref.length];
      for (int k = 0; k < ref.length; k++) {
        expected[k] = ref[k];
      }
      Accuracy.assertClose("conv batch 3 (second variant)", ours, expected);
    }
  }

  @Test
  void gemmWithARunTimeBiasScaledByBetaAndFusedRelu() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 3, 7)
            .output("r", FLOAT, 3, 5)
            .initializer("b", rnd(7 * 5, 3), 7, 5)
            .initializer("m", rnd(7 * 5, 4), 7, 5)
            .node("MatMul", List.of("x", "m"), List.of("c"))
            .node("Gemm", List.of("x", "b", "c"), List.of("g"), f("alpha", 0.5f), f("beta", -1.5f))
            .node("Relu", List.of("g"), List.of("r"));
    check("gemm + run-time C * beta + relu", w, randomInput(4, 3, 7));
  }

  @Test
  void gemmWithTransAAndAMatrixBiasAndFusedRelu() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 7, 3)
            .output("r", FLOAT, 3, 5)
            .initializer("b", rnd(7 * 5, 1), 7, 5)
            .initializer("c", rnd(3 * 5, 2), 3, 5)
            .node(
                "Gemm",
                List.of("x", "b", "c"),
                List.of("g"),
                i("transA", 1),
                f("alpha", 0.5f),
                f("beta", 2f))
            .node("Relu", List.of("g"), List.of("r"));
    check("gemm transA + matrix C + relu", w, randomInput(3, 7, 3));
  }

  @Test
  void concatOnEveryAxisOfRanksOneToFour() {
    long[][] shapes = {{5}, {3, 4}, {2, 3, 5}, {2, 3, 4, 5}};
    for (long[] shape : shapes) {
      for (int axis = -shape.length; axis < shape.length; axis++) {
        int at = axis < 0 ? axis + shape.length : axis;
        long[] other = shape.clone();
        other[at] += 2;
        long[] out = shape.clone();
        out[at] += other[at];
        OnnxWriter w =
            new OnnxWriter(13)
                .input("x", FLOAT, shape)
                .input("y", FLOAT, other)
                .output("z", FLOAT, out)
                .node("Concat", List.of("x", "y"), List.of("z"), i("axis", axis));
        check(
            "concat " + java.util.Arrays.toString(shape) + " axis " + axis,
            w,
            randomInput(4, shape),
            randomInput(5, other));
      }
    }
  }
}
