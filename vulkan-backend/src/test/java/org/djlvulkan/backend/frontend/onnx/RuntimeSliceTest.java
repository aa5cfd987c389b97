package org.djlvulkan.backend.frontend.onnx;

import java.util.List;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slice of a run-time tensor on the GPU against ONNX Runtime: ShuffleNet's channel split between
 * convolutions, and steps (negative ones included) over every axis of a 4-D tensor.
 */
@ExtendWith(VulkanExtension.class)
class RuntimeSliceTest {
  private static final int FLOAT = 1;

  private static HostTensor input(long seed, long... shape) {
    return HostTensor.ofFloats(OpRunner.random(OpRunner.count(shape), seed), shape);
  }

  private static TensorData longs(long... v) {
    return TensorData.ofLongs(v, v.length);
  }

  @Test
  void aChannelSplitBetweenConvolutionsMatchesOnnxRuntime() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 10, 6, 6)
            .output("y", FLOAT, 1, 10, 6, 6)
            .initializer("w", OpRunner.random(10 * 10, 1), 10, 10, 1, 1)
            .initializer("s0", longs(0))
            .initializer("s1", longs(5))
            .initializer("e1", longs(Long.MAX_VALUE))
            .initializer("ax", longs(1))
            .node("Conv", List.of("x", "w"), List.of("c"), OnnxWriter.ints("kernel_shape", 1, 1))
            .node("Slice", List.of("c", "s0", "s1", "ax"), List.of("left"))
            .node("Slice", List.of("c", "s1", "e1", "ax"), List.of("right"))
            .node("Relu", List.of("right"), List.of("r"))
            .node("Concat", List.of("left", "r"), List.of("y"), OnnxWriter.i("axis", 1));
    OrtComparison.assertMatches(
        "channel split", w.build(), List.of("x"), List.of(input(2, 1, 10, 6, 6)));
  }

  @Test
  void stepsOnEveryAxisMatchOnnxRuntime() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 3, 9, 7, 8)
            .output("y", FLOAT, 2, 3, 3, 4)
            .initializer("starts", longs(2, 1, -1, 0))
            .initializer("ends", longs(-10, 9, -8, 8))
            .initializer("axes", longs(0, 1, 2, 3))
            .initializer("steps", longs(-1, 3, -2, 2))
            .node("Slice", List.of("x", "starts", "ends", "axes", "steps"), List.of("y"));
    OrtComparison.assertMatches(
        "strided slice", w.build(), List.of("x"), List.of(input(3, 3, 9, 7, 8)));
  }

  @Test
  void endsComputedFromTheInputsShapeFoldPerBatchSize() {
    // ends = Shape(x)[1] / 2: folded to a constant for each input shape the model is built for.
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, -1, 8, 3, 3)
            .output("y", FLOAT, -1, 4, 3, 3)
            .initializer("one", longs(1))
            .initializer("two", longs(2))
            .initializer("zero", longs(0))
            .node("Shape", List.of("x"), List.of("shape"))
            .node("Gather", List.of("shape", "one"), List.of("channels"))
            .node("Div", List.of("channels", "two"), List.of("half"))
            .node("Slice", List.of("x", "zero", "half", "one"), List.of("y"));
    byte[] model = w.build();
    OrtComparison.assertMatches(
        "shape-folded slice", model, List.of("x"), List.of(input(6, 1, 8, 3, 3)));
    OrtComparison.assertMatches(
        "shape-folded slice, batch 3", model, List.of("x"), List.of(input(7, 3, 8, 3, 3)));
  }
}
