package org.djlvulkan.backend.frontend.onnx;

import java.util.List;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MatMul with a 1-D operand (NumPy's vector rules) against ONNX Runtime. */
@ExtendWith(VulkanExtension.class)
class VectorMatMulTest {
  private static final int FLOAT = 1;

  private static long[] dims(String text) {
    String[] parts = text.split("x");
    long[] d = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      d[i] = Long.parseLong(parts[i]);
    }
    return d;
  }

  @ParameterizedTest
  @CsvSource({"6, 6x5, 5", "4x6, 6, 4", "2x4x6, 6, 2x4", "6, 3x6x5, 3x5", "6, 6, 1"})
  void vectorOperandsFollowNumpy(String a, String b, String out) {
    long[] sa = dims(a);
    long[] sb = dims(b);
    long[] so = out.equals("1") && sa.length == 1 && sb.length == 1 ? new long[0] : dims(out);
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, sa)
            .input("y", FLOAT, sb)
            .output("z", FLOAT, so)
            .node("MatMul", List.of("x", "y"), List.of("z"));
    OrtComparison.assertMatches(
        "matmul " + a + " x " + b,
        w.build(),
        List.of("x", "y"),
        List.of(
            HostTensor.ofFloats(OpRunner.random(OpRunner.count(sa), 1), sa),
            HostTensor.ofFloats(OpRunner.random(OpRunner.count(sb), 2), sb)));
  }
}
