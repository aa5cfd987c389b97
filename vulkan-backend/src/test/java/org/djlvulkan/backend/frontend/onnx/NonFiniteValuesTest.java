package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.i;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;

import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * NaN and infinity travel through a small CNN (conv with fused ReLU, max pool, global average pool,
 * Gemm) as in ONNX Runtime and PyTorch: the logits come out NaN as ONNX Runtime's do. Max pooling
 * follows PyTorch, where a NaN in a window wins; ONNX Runtime's pooling lets a number that comes
 * after the NaN in its scan replace it, so there the pooled map may only have more NaN than ONNX
 * Runtime's, and its finite values match.
 */
@ExtendWith(VulkanExtension.class)
class NonFiniteValuesTest {
  private static final int FLOAT = 1;

  @Test
  void nanAndInfinityPropagateAsInOnnxRuntime() {
    long[] shape = {1, 4, 8, 8};
    byte[] model =
        new OnnxWriter(13)
            .input("x", FLOAT, shape)
            .output("y", FLOAT, 1, 3)
            .output("p", FLOAT, 1, 6, 4, 4)
            .initializer("w", OpRunner.random(6 * 4 * 9, 1), 6, 4, 3, 3)
            .initializer("g", OpRunner.random(3 * 6, 2), 3, 6)
            .conv3x3SamePadding("x", "w", "c")
            .node("Relu", List.of("c"), List.of("r"))
            .node(
                "MaxPool",
                List.of("r"),
                List.of("p"),
                ints("kernel_shape", 2, 2),
                ints("strides", 2, 2))
            .node("GlobalAveragePool", List.of("p"), List.of("a"))
            .node("Flatten", List.of("a"), List.of("f"))
            .node("Gemm", List.of("f", "g"), List.of("y"), i("transB", 1))
            .build();
    float[] x = OpRunner.random(OpRunner.count(shape), 3);
    x[5] = Float.NaN; // channel 0, top rows: reaches two pooled windows' worth of outputs
    x[4 * 64 - 1] = Float.POSITIVE_INFINITY; // channel 3, bottom right corner
    HostTensor in = HostTensor.ofFloats(x, shape);
    List<HostTensor[]> pairs =
        OrtComparison.runBoth("non-finite", model, List.of("x"), List.of(in), ModelOptions.DEFAULT);
    for (HostTensor[] p : pairs) {
      float[] ours = p[0].toFloats();
      float[] ref = p[1].toFloats();
      List<String> wrong = new ArrayList<>();
      int nonFinite = 0;
      boolean pooled = p[0].shape().length == 4;
      for (int k = 0; k < ref.length; k++) {
        boolean same =
            Float.isFinite(ref[k])
                ? Math.abs(ours[k] - ref[k]) <= 1e-4 + 1e-4 * Math.abs(ref[k])
                    || (pooled && Float.isNaN(ours[k]))
                : Float.valueOf(ours[k]).equals(ref[k]);
        nonFinite += Float.isFinite(ref[k]) ? 0 : 1;
        if (!same) {
          wrong.add(k + ": " + ours[k] + " vs ONNX Runtime " + ref[k]);
        }
      }
      assertThat(nonFinite).as("the reference has non-finite outputs").isPositive();
      assertThat(wrong).isEmpty();
    }
  }
}
