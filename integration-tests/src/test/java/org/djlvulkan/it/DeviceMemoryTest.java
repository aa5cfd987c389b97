package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import org.djlvulkan.backend.memory.MemoryStats;
import org.djlvulkan.engine.EngineValidationExtension;
import org.djlvulkan.engine.VkEngine;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.djlvulkan.zoo.translator.PixelEncoding;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A loop of predictions leaves the device memory flat: the VMA statistics of the model's device
 * after the loop equal those after the first prediction (which opens the session). MobileNetV2 with
 * a few predictions by default; ResNet50 and many more under {@code -Pslow}.
 */
@ExtendWith(EngineValidationExtension.class)
class DeviceMemoryTest {
  private static final int PREDICTIONS = SharedFixtures.slow() ? 200 : 10;
  private static final int RESNET_PREDICTIONS = 50;

  /** The allocator statistics of the device a model runs on. */
  private static MemoryStats stats(ZooModel<?, ?> model) {
    VkEngine engine = (VkEngine) Engine.getEngine(VkEngine.ENGINE_NAME);
    return engine.devices().open(model.getNDManager().getDevice()).allocator().stats();
  }

  @Test
  void mobileNetPredictionsLeaveDeviceMemoryFlat() throws Exception {
    ZooModel<Image, Classifications> model = ZooModels.classifier("Vulkan", "mobilenetv2", "int8");
    Image cat = ImageFactory.getInstance().fromFile(SharedFixtures.image("chelsea.png"));
    try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
      predictor.predict(cat);
      MemoryStats before = stats(model);
      for (int i = 0; i < PREDICTIONS; i++) {
        predictor.predict(cat);
      }
      MemoryStats after = stats(model);
      System.out.printf(
          "[memory] mobilenetv2 %d predictions: %s -> %s%n", PREDICTIONS, before, after);
      assertThat(after).isEqualTo(before);
    }
  }

  @Test
  void resNet50PredictionsLeaveDeviceMemoryFlat() throws Exception {
    Assumptions.assumeTrue(SharedFixtures.slow(), "ResNet50 loop: -Pslow");
    ZooModel<NDList, NDList> model = ZooModels.tensors("Vulkan", "resnet50", "fp32");
    ModelInput photo =
        ModelInput.image(SharedFixtures.image("chelsea.png"), PixelEncoding.IMAGENET_RGB, false);
    Forward.first(model, photo);
    MemoryStats before = stats(model);
    for (int i = 0; i < RESNET_PREDICTIONS; i++) {
      Forward.first(model, photo);
    }
    MemoryStats after = stats(model);
    System.out.printf(
        "[memory] resnet50 %d predictions: %s -> %s%n", RESNET_PREDICTIONS, before, after);
    assertThat(after).isEqualTo(before);
  }
}
