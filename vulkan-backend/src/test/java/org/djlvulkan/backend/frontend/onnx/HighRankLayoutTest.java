package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;

import java.util.List;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Layout operators on values of rank 5 and 6 against ONNX Runtime: ShuffleNet's channel shuffle
 * (Reshape to rank 5, Transpose, Reshape back) between convolutions, a rank-6 graph input, and a
 * pixel shuffle's transpose, whose five runs of axes take several permute steps; element-wise
 * operators on ranks 5 and 6; softmax and log-softmax on rank 5.
 */
@ExtendWith(VulkanExtension.class)
class HighRankLayoutTest {
  private static final int FLOAT = 1;

  private static HostTensor input(long seed, long... shape) {
    return HostTensor.ofFloats(OpRunner.random(OpRunner.count(shape), seed), shape);
  }

  @Test
  void aChannelShuffleBetweenConvolutionsMatchesOnnxRuntime() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 2, 12, 5, 5)
            .output("y", FLOAT, 2, 12, 5, 5)
            .initializer("w1", OpRunner.random(12 * 12, 1), 12, 12, 1, 1)
            .initializer("w2", OpRunner.random(12 * 9, 2), 12, 1, 3, 3)
            .initializer("split", TensorData.ofLongs(new long[] {2, 3, 4, 5, 5}, 5))
            .initializer("merge", TensorData.ofLongs(new long[] {2, -1, 5, 5}, 4))
            .node("Conv", List.of("x", "w1"), List.of("a"), ints("kernel_shape", 1, 1))
            .node("Reshape", List.of("a", "split"), List.of("r5"))
            .node("Transpose", List.of("r5"), List.of("t5"), ints("perm", 0, 2, 1, 3, 4))
            .node("Reshape", List.of("t5", "merge"), List.of("s"))
            .node(
                "Conv",
                List.of("s", "w2"),
                List.of("y"),
                ints("kernel_shape", 3, 3),
                ints("pads", 1, 1, 1, 1),
                OnnxWriter.i("group", 12));
    OrtComparison.assertMatches(
        "channel shuffle", w.build(), List.of("x"), List.of(input(3, 2, 12, 5, 5)));
  }

  @Test
  void aRankSixInputReshapesAndTransposesLikeOnnxRuntime() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 2, 3, 2, 2, 3, 2)
            .output("y", FLOAT, 2, 2, 3, 3, 2, 2)
            .node("Transpose", List.of("x"), List.of("y"), ints("perm", 0, 4, 5, 1, 2, 3));
    OrtComparison.assertMatches(
        "rank-6 transpose", w.build(), List.of("x"), List.of(input(4, 2, 3, 2, 2, 3, 2)));
  }

  @Test
  void aPixelShuffleTransposeOfFiveAxisGroupsRunsInSteps() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 2, 3, 3, 4, 4)
            .output("y", FLOAT, 1, 2, 4, 3, 4, 3)
            .node("Transpose", List.of("x"), List.of("y"), ints("perm", 0, 1, 4, 2, 5, 3));
    OrtComparison.assertMatches(
        "pixel shuffle transpose", w.build(), List.of("x"), List.of(input(5, 1, 2, 3, 3, 4, 4)));
  }

  @Test
  void elementwiseOperatorsOnRanksFiveAndSixMatchOnnxRuntime() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 2, 3, 4, 5, 6)
            .input("u", FLOAT, 2, 1, 3, 4, 5, 2)
            .output("y", FLOAT, 2, 3, 4, 5, 6)
            .output("v", FLOAT, 2, 1, 3, 4, 5, 2)
            .initializer("m", OpRunner.random(4 * 5 * 6, 7), 1, 1, 4, 5, 6)
            .initializer("c", OpRunner.random(3 * 2, 8), 3, 1, 1, 2)
            .node("Mul", List.of("x", "m"), List.of("xm"))
            .node("Sigmoid", List.of("xm"), List.of("y"))
            .node("Add", List.of("u", "c"), List.of("uc"))
            .node("Max", List.of("uc", "u"), List.of("v"));
    OrtComparison.assertMatches(
        "rank 5 and 6 element-wise",
        w.build(),
        List.of("x", "u"),
        List.of(input(9, 2, 3, 4, 5, 6), input(10, 2, 1, 3, 4, 5, 2)));
  }

  @Test
  void softmaxAndLogSoftmaxAboveRankFourRunOnTheDeviceLikeOnnxRuntime() {
    // MaxViT's attention softmax is rank 5: along a middle axis and along the last one.
    byte[] model =
        new OnnxWriter(13)
            .input("x", FLOAT, 2, 3, 4, 5, 6)
            .output("s", FLOAT, 2, 3, 4, 5, 6)
            .output("l", FLOAT, 2, 3, 4, 5, 6)
            .node("Softmax", List.of("x"), List.of("s"), OnnxWriter.i("axis", 2))
            .node("LogSoftmax", List.of("x"), List.of("l"), OnnxWriter.i("axis", -1))
            .build();
    OrtComparison.assertMatches(
        "rank-5 softmax", model, List.of("x"), List.of(input(12, 2, 3, 4, 5, 6)));
    assertThat(hostNodes(model)).isEmpty();
  }

  @Test
  void aBroadcastInMoreThanFourRunsRunsOnTheHost() {
    byte[] model =
        new OnnxWriter(13)
            .input("x", FLOAT, 2, 3, 4, 5, 6)
            .output("y", FLOAT, 2, 3, 4, 5, 6)
            .initializer("c", OpRunner.random(3 * 5, 8), 3, 1, 5, 1)
            .node("Add", List.of("x", "c"), List.of("y"))
            .build();
    OrtComparison.assertMatches(
        "broadcast in five runs", model, List.of("x"), List.of(input(11, 2, 3, 4, 5, 6)));
    assertThat(hostNodes(model))
        .singleElement()
        .asString()
        .contains("(Add)", "more than 4 separate runs", "runs on the host");
  }

  /** Loads a model and returns the descriptions of the nodes it runs on the host. */
  private static List<String> hostNodes(byte[] model) {
    try (InferenceModel m =
        OnnxModels.load(VulkanExtension.device(), model, "high-rank.onnx", ModelOptions.DEFAULT)) {
      return List.copyOf(((CompiledModel) m).hostNodes());
    }
  }
}
