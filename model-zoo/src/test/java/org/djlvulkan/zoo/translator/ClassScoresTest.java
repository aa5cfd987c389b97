package org.djlvulkan.zoo.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.List;
import org.djlvulkan.backend.tensor.Float16;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading outputs of every float type (arrays of DJL's ONNX Runtime engine) and the softmax. */
class ClassScoresTest {
  private static final float[] VALUES = {0.5f, -2f, 1024f, 0.099975586f, 0f, -0.25f};
  private static NDManager manager;

  @BeforeAll
  static void openManager() {
    manager = NDManager.newBaseManager("OnnxRuntime");
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  @Test
  void readsFloat32Float16AndFloat64Outputs() {
    Shape shape = new Shape(1, 6, 1, 1);
    NDArray f32 = manager.create(VALUES, shape);
    assertThat(ClassScores.read(f32)).containsExactly(VALUES);

    ByteBuffer halves = manager.allocateDirect(2 * VALUES.length);
    for (float v : VALUES) {
      halves.putShort(Float16.fromFloat(v));
    }
    halves.rewind();
    NDArray f16 = manager.create(halves, shape, DataType.FLOAT16);
    assertThat(ClassScores.read(f16)).containsExactly(VALUES);

    double[] doubles = new double[VALUES.length];
    for (int i = 0; i < doubles.length; i++) {
      doubles[i] = VALUES[i];
    }
    assertThat(ClassScores.read(manager.create(doubles, shape))).containsExactly(VALUES);
  }

  @Test
  void rejectsOutputsThatAreNotFloats() {
    NDArray ints = manager.create(new int[] {1, 2, 3}, new Shape(1, 3));
    assertThatThrownBy(() -> ClassScores.read(ints))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classifier output int32(1, 3): expected float32, float16 or float64");
  }

  @Test
  void softmaxMatchesItsDefinitionOnARunOfTheArray() {
    float[] logits = {9f, 1f, 2f, -3f, 0.5f, 9f};
    List<Double> p = ClassScores.softmax(logits, 1, 4);
    double sum = Math.exp(1) + Math.exp(2) + Math.exp(-3) + Math.exp(0.5);
    assertThat(p).hasSize(4);
    assertThat(p.get(0)).isCloseTo(Math.exp(1) / sum, within(1e-15));
    assertThat(p.get(1)).isCloseTo(Math.exp(2) / sum, within(1e-15));
    assertThat(p.get(2)).isCloseTo(Math.exp(-3) / sum, within(1e-15));
    assertThat(p.get(3)).isCloseTo(Math.exp(0.5) / sum, within(1e-15));
  }

  @Test
  void softmaxOfHugeLogitsDoesNotOverflow() {
    float[] logits = {1000f, 1001f, 998f};
    List<Double> p = ClassScores.softmax(logits, 0, 3);
    for (int i = 0; i < 3; i++) {
      double denominator = 0;
      for (float l : logits) {
        denominator += Math.exp(l - logits[i]);
      }
      assertThat(p.get(i)).isCloseTo(1 / denominator, within(1e-15));
    }
  }

  @Test
  void probabilitiesPassThroughUnchanged() {
    assertThat(ClassScores.asIs(new float[] {0.25f, 0.75f, 0.5f}, 1, 2)).containsExactly(0.75, 0.5);
  }
}
