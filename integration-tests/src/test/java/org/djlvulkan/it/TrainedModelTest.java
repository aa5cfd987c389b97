package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import org.djlvulkan.engine.EngineValidationExtension;
import org.djlvulkan.testfixtures.Scores;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.djlvulkan.zoo.translator.PixelEncoding;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trained models through DJL ({@code Predictor<NDList, NDList>}), each loaded once per JVM:
 * MobileNetV2 int8 (float32 in and out) and SqueezeNet (float16 in and out, batch 1) against ONNX
 * Runtime Java on a seeded random input, and the same top-1 class as ONNX Runtime on two photos.
 */
@ExtendWith(EngineValidationExtension.class)
class TrainedModelTest {
  private static final long SEED = 12;

  @ParameterizedTest
  @CsvSource({"mobilenetv2-12-int8.onnx, false", "squeezenet-fp16.onnx, true"})
  void matchesOnnxRuntimeOnARandomInput(String name, boolean half) throws Exception {
    Path file = SharedFixtures.model(name);
    ModelInput random = ModelInput.random(SEED, half, 1, 3, 224, 224);
    Forward.Output ours = VulkanModels.output(file, random);
    assertThat(ours.type())
        .as(name + ": output type")
        .isEqualTo(half ? DataType.FLOAT16 : DataType.FLOAT32);
    OutputTolerance.of(file)
        .assertMatches(
            name + " random input vs ORT", ours.values(), OrtReference.run(file, random));
  }

  @ParameterizedTest
  @CsvSource({
    "mobilenetv2-12-int8.onnx, false, IMAGENET_RGB, chelsea.png",
    "mobilenetv2-12-int8.onnx, false, IMAGENET_RGB, coffee.png",
    "squeezenet-fp16.onnx, true, RAW_BGR, chelsea.png",
    "squeezenet-fp16.onnx, true, RAW_BGR, coffee.png"
  })
  void hasOnnxRuntimesTopClassOnAPhoto(
      String name, boolean half, PixelEncoding encoding, String image) throws Exception {
    Path file = SharedFixtures.model(name);
    ModelInput photo = ModelInput.image(SharedFixtures.image(image), encoding, half);
    float[] ours = VulkanModels.run(file, photo);
    float[] reference = OrtReference.run(file, photo);
    System.out.printf(
        "[top-1] %s %s: Vulkan %d, ONNX Runtime %d%n",
        name, image, Scores.argmax(ours), Scores.argmax(reference));
    assertThat(Scores.argmax(ours)).as(name + " on " + image).isEqualTo(Scores.argmax(reference));
  }
}
