package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operators that run on the host only (trigonometric and hyperbolic functions, Hardmax, Einsum,
 * Det, Compress, ReverseSequence, DynamicQuantizeLinear) between device operators, against ONNX
 * Runtime on the same files and inputs.
 */
@ExtendWith(VulkanExtension.class)
class HostOnlyOpsTest {
  private static final int FLOAT = OnnxWriter.FLOAT;

  /**
   * Starts a model from its signature, e.g. {@code "x 2x3x4, y 2x4x5 -> h 2x3x4"}: names with their
   * dimensions ({@code -1} unknown, none for a scalar), float unless a suffix {@code :int64} or
   * {@code :uint8} says otherwise.
   */
  private static OnnxWriter model(long opset, String signature) {
    String[] sides = signature.split("->");
    OnnxWriter w = new OnnxWriter(opset);
    for (int side = 0; side < 2; side++) {
      for (String value : sides[side].trim().split("\\s*,\\s*")) {
        String[] typed = value.split(":");
        int type =
            typed.length == 1
                ? FLOAT
                : typed[1].equals("int64") ? OnnxWriter.INT64 : OnnxWriter.UINT8;
        String[] parts = typed[0].trim().split(" ");
        long[] dims =
            parts.length == 1
                ? new long[0]
                : Arrays.stream(parts[1].split("x")).mapToLong(Long::parseLong).toArray();
        w = side == 0 ? w.input(parts[0], type, dims) : w.output(parts[0], type, dims);
      }
    }
    return w;
  }

  @Test
  void trigonometricFunctionsAroundADeviceOperatorMatchOnnxRuntime() {
    OnnxWriter w =
        model(17, "a 2x3x4x5 -> y 2x3x4x5")
            .node("Sin", List.of("a"), List.of("s"))
            .node("Cos", List.of("a"), List.of("c"))
            .node("Atan", List.of("a"), List.of("t"))
            .node("Asinh", List.of("a"), List.of("h"))
            .node("Tanh", List.of("a"), List.of("u"))
            .node("Atanh", List.of("u"), List.of("v"))
            .node("Sum", List.of("s", "c", "t", "h", "v"), List.of("y"));
    OrtComparison.assertMatches(
        "sin, cos, atan, asinh, atanh",
        w.build(),
        List.of("a"),
        List.of(OrtComparison.randomInput(5, 2, 3, 4, 5)));
  }

  @Test
  void hardmaxAndEinsumMatchOnnxRuntime() {
    HostTensor x = OrtComparison.randomInput(6, 2, 3, 4);
    HostTensor y = OrtComparison.randomInput(7, 2, 4, 5);
    OnnxWriter w =
        model(13, "x 2x3x4, y 2x4x5 -> h 2x3x4, e 2x5x3")
            .node("Relu", List.of("x"), List.of("r"))
            .node("Hardmax", List.of("r"), List.of("h"), OnnxWriter.i("axis", 1))
            .node(
                "Einsum",
                List.of("x", "y"),
                List.of("e"),
                OnnxWriter.s("equation", "bij,bjk->bki"));
    OrtComparison.check("hardmax and einsum", w, x, y);
  }

  @Test
  void detCompressAndReverseSequenceMatchOnnxRuntime() {
    OnnxWriter w =
        model(13, "x 3x4x4 -> d 3, c 3x2x4, r 3x4x4")
            .initializer("keep", TensorData.ofDoubles(DataType.BOOL, new double[] {1, 0, 0, 1}, 4))
            .initializer("lengths", TensorData.ofLongs(new long[] {4, 1, 3}, 3))
            .node("Det", List.of("x"), List.of("d"))
            .node("Compress", List.of("x", "keep"), List.of("c"), OnnxWriter.i("axis", 1))
            .node(
                "ReverseSequence",
                List.of("x", "lengths"),
                List.of("r"),
                OnnxWriter.i("batch_axis", 0),
                OnnxWriter.i("time_axis", 1));
    OrtComparison.check(
        "det, compress, reverse sequence", w, OrtComparison.randomInput(8, 3, 4, 4));
  }

  @Test
  void meanVarianceNormalizationOnTheDeviceAndOnTheHostMatchesOnnxRuntime() {
    // Default axes (0, 2, 3) on the device; axes (1) of a rank-5 input on the host.
    OnnxWriter w =
        model(13, "x 2x3x4x5 -> y 2x3x4x5, z 2x3x2x2x5")
            .initializer("five", TensorData.ofLongs(new long[] {2, 3, 2, 2, 5}, 5))
            .node("MeanVarianceNormalization", List.of("x"), List.of("y"))
            .node("Reshape", List.of("x", "five"), List.of("x5"))
            .node(
                "MeanVarianceNormalization",
                List.of("x5"),
                List.of("z"),
                OnnxWriter.ints("axes", 1));
    OrtComparison.check(
        "mean variance normalization", w, OrtComparison.randomInput(10, 2, 3, 4, 5));
  }

  @Test
  void gridSampleAndRoiAlignAfterAConvolutionMatchOnnxRuntime() {
    // Grid coordinates in [-1.25, 1.25): some fall outside the image.
    HostTensor grid = OrtComparison.randomInput(12, 2, 4, 5, 2);
    float[] g = grid.toFloats();
    for (int i = 0; i < g.length; i++) {
      g[i] *= 0.3125f;
    }
    OnnxWriter w =
        model(16, "x 2x3x6x7, y 2x4x5x2 -> bilinear 2x3x4x5, bicubic 2x3x4x5, roi 3x3x2x3")
            .initializer("k", OrtComparison.randomInput(11, 3, 3, 1, 1).toFloats(), 3, 3, 1, 1)
            .initializer(
                "rois",
                new float[] {0.5f, 1f, 4f, 5f, 1.2f, 0.3f, 6.5f, 4.2f, -1f, 2f, 3f, 9f},
                3,
                4)
            .initializer("batch", TensorData.ofLongs(new long[] {1, 0, 1}, 3))
            .node("Conv", List.of("x", "k"), List.of("c"))
            .node("GridSample", List.of("c", "y"), List.of("bilinear"))
            .node(
                "GridSample",
                List.of("c", "y"),
                List.of("bicubic"),
                OnnxWriter.s("mode", "bicubic"),
                OnnxWriter.s("padding_mode", "reflection"))
            .node(
                "RoiAlign",
                List.of("c", "rois", "batch"),
                List.of("roi"),
                OnnxWriter.i("output_height", 2),
                OnnxWriter.i("output_width", 3),
                OnnxWriter.f("spatial_scale", 0.8f));
    OrtComparison.check(
        "grid sample and roi align",
        w,
        OrtComparison.randomInput(13, 2, 3, 6, 7),
        HostTensor.ofFloats(g, 2, 4, 5, 2));
  }

  @Test
  void nonMaxSuppressionSelectsWhatOnnxRuntimeSelects() {
    List<HostTensor> boxesAndScores =
        List.of(OrtComparison.randomInput(14, 2, 12, 4), OrtComparison.randomInput(15, 2, 3, 12));
    OnnxWriter w =
        model(11, "boxes 2x12x4, scores 2x3x12 -> selected -1x3:int64")
            .initializer("max", TensorData.ofLongs(new long[] {4}, 1))
            .initializer("iou", new float[] {0.3f}, 1)
            .initializer("min", new float[] {-1f}, 1)
            .node(
                "NonMaxSuppression",
                List.of("boxes", "scores", "max", "iou", "min"),
                List.of("selected"));
    List<HostTensor[]> outputs =
        OrtComparison.runBoth(
            "non-max suppression",
            w.build(),
            List.of("boxes", "scores"),
            boxesAndScores,
            ModelOptions.DEFAULT);
    assertThat(outputs.get(0)[0].shape()[0]).isGreaterThan(0);
    assertThat(outputs.get(0)[0].data()).isEqualTo(outputs.get(0)[1].data());
  }

  @Test
  void maxPoolIndicesAndMaxUnpoolBetweenConvolutionsMatchOnnxRuntime() {
    // SegNet's pattern: pool with indices, convolve, unpool to the indices.
    OnnxWriter w =
        model(12, "x 2x3x8x6 -> y 2x3x8x6, i 2x3x4x3:int64")
            .initializer("k", OrtComparison.randomInput(16, 3, 3, 1, 1).toFloats(), 3, 3, 1, 1)
            .node(
                "MaxPool",
                List.of("x"),
                List.of("p", "i"),
                OnnxWriter.ints("kernel_shape", 2, 2),
                OnnxWriter.ints("strides", 2, 2))
            .node("Conv", List.of("p", "k"), List.of("c"))
            .node(
                "MaxUnpool",
                List.of("c", "i"),
                List.of("y"),
                OnnxWriter.ints("kernel_shape", 2, 2),
                OnnxWriter.ints("strides", 2, 2));
    List<HostTensor[]> outputs =
        OrtComparison.runBoth(
            "max unpool",
            w.build(),
            List.of("x"),
            List.of(OrtComparison.randomInput(17, 2, 3, 8, 6)),
            ModelOptions.DEFAULT);
    assertThat(outputs.get(1)[0].data()).as("indices").isEqualTo(outputs.get(1)[1].data());
    float[] reference = outputs.get(0)[1].toFloats();
    double[] expected = new double[reference.length];
    for (int j = 0; j < reference.length; j++) {
      expected[j] = reference[j];
    }
    Accuracy.assertClose("unpooled vs ORT", outputs.get(0)[0].toFloats(), expected);
  }

  @Test
  void uniqueGivesOnnxRuntimesValuesIndicesInverseAndCounts() {
    // Floored values repeat; in order of appearance over the flattened input, and rows along
    // axis 0 sorted.
    OnnxWriter w =
        model(11, "x 6x3 -> y -1, first -1:int64, inverse 18:int64, counts -1:int64, rows -1x3")
            .initializer("third", new float[] {0.3f})
            .node("Mul", List.of("x", "third"), List.of("m"))
            .node("Floor", List.of("m"), List.of("f"))
            .node(
                "Unique",
                List.of("f"),
                List.of("y", "first", "inverse", "counts"),
                OnnxWriter.i("sorted", 0))
            .node("Unique", List.of("f"), List.of("rows"), OnnxWriter.i("axis", 0));
    OrtComparison.assertSameBytes(
        "unique", w.build(), List.of("x"), List.of(OrtComparison.randomInput(18, 6, 3)));
  }

  @Test
  void recurrentLayersInEveryDirectionMatchOnnxRuntime() {
    // x [seq 5, batch 2, input 4]; hidden 3. A bidirectional LSTM with biases, sequence lengths,
    // initial states and peepholes; a reverse GRU resetting after its product; an RNN.
    float[] lstmW = OrtComparison.randomInput(20, 2, 12, 4).toFloats();
    float[] lstmR = OrtComparison.randomInput(21, 2, 12, 3).toFloats();
    float[] gruW = OrtComparison.randomInput(22, 1, 9, 4).toFloats();
    float[] gruR = OrtComparison.randomInput(23, 1, 9, 3).toFloats();
    OnnxWriter w =
        model(14, "x 5x2x4 -> y 5x2x2x3, yc 2x2x3, g 5x1x2x3, r 1x2x3")
            .initializer("lw", scaled(lstmW, 0.3f), 2, 12, 4)
            .initializer("lr", scaled(lstmR, 0.3f), 2, 12, 3)
            .initializer("lb", scaled(OrtComparison.randomInput(24, 2, 24).toFloats(), 0.2f), 2, 24)
            .initializer("lens", TensorData.ofDoubles(DataType.INT32, new double[] {5, 3}, 2))
            .initializer(
                "h0", scaled(OrtComparison.randomInput(25, 2, 2, 3).toFloats(), 0.2f), 2, 2, 3)
            .initializer(
                "c0", scaled(OrtComparison.randomInput(26, 2, 2, 3).toFloats(), 0.2f), 2, 2, 3)
            .initializer("p", scaled(OrtComparison.randomInput(27, 2, 9).toFloats(), 0.2f), 2, 9)
            .initializer("gw", scaled(gruW, 0.3f), 1, 9, 4)
            .initializer("gr", scaled(gruR, 0.3f), 1, 9, 3)
            .initializer("gb", scaled(OrtComparison.randomInput(28, 1, 18).toFloats(), 0.2f), 1, 18)
            .node(
                "LSTM",
                List.of("x", "lw", "lr", "lb", "lens", "h0", "c0", "p"),
                List.of("y", "", "yc"),
                OnnxWriter.i("hidden_size", 3),
                OnnxWriter.s("direction", "bidirectional"))
            .node(
                "GRU",
                List.of("x", "gw", "gr", "gb"),
                List.of("g"),
                OnnxWriter.i("hidden_size", 3),
                OnnxWriter.s("direction", "reverse"),
                OnnxWriter.i("linear_before_reset", 1))
            .initializer("rw", OrtComparison.randomInput(30, 1, 3, 4).toFloats(), 1, 3, 4)
            .initializer(
                "rr", scaled(OrtComparison.randomInput(31, 1, 3, 3).toFloats(), 0.3f), 1, 3, 3)
            .node(
                "RNN",
                List.of("x", "rw", "rr"),
                List.of("", "r"),
                OnnxWriter.i("hidden_size", 3),
                OnnxWriter.f("clip", 1.5f));
    OrtComparison.check("lstm, gru, rnn", w, OrtComparison.randomInput(29, 5, 2, 4));
  }

  @Test
  void spectrogramFrontEndMatchesOnnxRuntime() {
    // A Hann-windowed STFT of a scaled signal, and a DFT of it back and forth along the frames
    // (axis 1: given, then the default).
    OnnxWriter w =
        model(17, "x 2x64x1 -> spectrum 2x7x9x2, back 2x7x9x2")
            .initializer("gain", new float[] {0.5f})
            .initializer("step", TensorData.ofLongs(new long[] {8}))
            .initializer("size", TensorData.ofLongs(new long[] {16}))
            .node("Mul", List.of("x", "gain"), List.of("s"))
            .node("HannWindow", List.of("size"), List.of("window"))
            .node("STFT", List.of("s", "step", "window"), List.of("spectrum"))
            .node("DFT", List.of("spectrum"), List.of("f"), OnnxWriter.i("axis", 1))
            .node("DFT", List.of("f"), List.of("back"), OnnxWriter.i("inverse", 1));
    OrtComparison.check("stft and dft", w, OrtComparison.randomInput(32, 2, 64, 1));
  }

  @Test
  void lossesOfADeviceConvolutionMatchOnnxRuntime() {
    // Softmax cross entropy (weights, an ignored label, both outputs) and the per-pixel NLL.
    OnnxWriter w =
        model(13, "x 2x3x4x4 -> loss, logp 2x4x4x4, nll 2x4x4")
            .initializer(
                "labels",
                TensorData.ofLongs(
                    new long[] {
                      0, 1, 2, 3, 3, 2, 1, 0, 1, 1, 2, 2, 0, 3, 1, 2, 2, 3, 0, 1, 1, 0, 3, 2, 0, 0,
                      2, 3, 1, 3, 2, 1
                    },
                    2,
                    4,
                    4))
            .initializer("weights", new float[] {0.5f, 1f, 1.5f, 2f}, 4)
            .initializer("k", OrtComparison.randomInput(33, 4, 3, 1, 1).toFloats(), 4, 3, 1, 1)
            .node("Conv", List.of("x", "k"), List.of("c"))
            .node(
                "SoftmaxCrossEntropyLoss",
                List.of("c", "labels", "weights"),
                List.of("loss", "logp"),
                OnnxWriter.i("ignore_index", 3))
            .node(
                "NegativeLogLikelihoodLoss",
                List.of("logp", "labels"),
                List.of("nll"),
                OnnxWriter.s("reduction", "none"));
    OrtComparison.check("losses", w, OrtComparison.randomInput(34, 2, 3, 4, 4));
  }

  private static float[] scaled(float[] v, float by) {
    float[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= by;
    }
    return out;
  }

  @Test
  void dynamicQuantizeLinearGivesOnnxRuntimesCodesScaleAndZeroPoint() {
    OnnxWriter w =
        model(13, "x 2x8x5 -> q 2x8x5:uint8, scale, zero:uint8")
            .node("DynamicQuantizeLinear", List.of("x"), List.of("q", "scale", "zero"));
    OrtComparison.assertSameBytes(
        "dynamic quantize",
        w.build(),
        List.of("x"),
        List.of(OrtComparison.randomInput(9, 2, 8, 5)));
  }
}
