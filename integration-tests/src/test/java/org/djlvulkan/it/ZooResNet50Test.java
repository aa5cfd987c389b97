package org.djlvulkan.it;

import java.nio.file.Path;
import org.djlvulkan.engine.EngineValidationExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.djlvulkan.zoo.translator.PixelEncoding;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ResNet50 fp32 and int8 from the zoo ({@code Predictor<NDList, NDList>}, the raw logits) on the
 * Vulkan engine against DJL's OnnxRuntime engine on the same zoo, on a photo pre-processed as the
 * zoo's translator does; the tolerance is the one of the model tests.
 */
@ExtendWith(EngineValidationExtension.class)
class ZooResNet50Test {
  @ParameterizedTest
  @ValueSource(strings = {"fp32", "int8"})
  void matchesOnnxRuntimesLogits(String precision) throws Exception {
    Path file = ZooModels.file("resnet50", precision);
    ModelInput photo =
        ModelInput.image(SharedFixtures.image("chelsea.png"), PixelEncoding.IMAGENET_RGB, false);
    OutputTolerance.of(file)
        .assertMatches(
            "zoo resnet50 " + precision + " vs DJL OnnxRuntime",
            Forward.first(ZooModels.tensors("Vulkan", "resnet50", precision), photo),
            Forward.first(ZooModels.tensors("OnnxRuntime", "resnet50", precision), photo));
  }
}
