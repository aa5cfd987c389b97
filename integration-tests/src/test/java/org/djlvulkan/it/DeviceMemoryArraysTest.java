package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import org.djlvulkan.backend.memory.MemoryStats;
import org.djlvulkan.engine.EngineValidationExtension;
import org.djlvulkan.engine.VkEngine;
import org.djlvulkan.engine.VkModel;
import org.djlvulkan.engine.ndarray.VkNDArray;
import org.djlvulkan.engine.ndarray.VkNDManager;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.djlvulkan.zoo.translator.ClassScores;
import org.djlvulkan.zoo.translator.PixelEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * NDArrays in device memory through DJL's predictor (MobileNetV2 int8): an input made by {@link
 * VkNDManager#toDeviceMemory} feeds the model as its host copy does (the same logits bit for bit,
 * also checked against ONNX Runtime), copied on the device instead of written by the host; with the
 * option {@code outputsOnDevice} the logits stay in device memory until read; device memory is
 * freed with the arrays' manager.
 */
@ExtendWith(EngineValidationExtension.class)
class DeviceMemoryArraysTest {
  @Test
  void anArrayInDeviceMemoryFeedsTheModelAsItsHostCopyDoes() throws Exception {
    Path file = ZooModels.file("mobilenetv2", "int8");
    ZooModel<NDList, NDList> model = ZooModels.tensors("Vulkan", "mobilenetv2", "int8");
    ModelInput photo =
        ModelInput.image(SharedFixtures.image("chelsea.png"), PixelEncoding.IMAGENET_RGB, false);
    ModelInput noise = ModelInput.random(17, false, photo.shape());
    VkEngine engine = (VkEngine) Engine.getEngine(VkEngine.ENGINE_NAME);
    MemoryStats before;
    try (Predictor<NDList, NDList> predictor = model.newPredictor();
        VkNDManager manager = (VkNDManager) model.getNDManager().newSubManager()) {
      NDArray host = photo.toNDArray(manager);
      float[] fromHost = scores(predictor, host);
      OutputTolerance.of(file)
          .assertMatches("host input vs ONNX Runtime", fromHost, OrtReference.run(file, photo));
      before = engine.devices().open(manager.getDevice()).allocator().stats();

      VkNDArray resident = manager.toDeviceMemory(host);
      assertThat(resident.deviceTensor()).isNotNull();
      // A host run of other values first, so that the device run must replace the input.
      scores(predictor, noise.toNDArray(manager));
      assertThat(model.getProperty(VkModel.TIMING)).endsWith(";deviceInputs=0");
      assertThat(scores(predictor, resident)).containsExactly(fromHost);
      assertThat(model.getProperty(VkModel.TIMING)).endsWith(";deviceInputs=1");
      assertThat(scores(predictor, resident)).containsExactly(fromHost);

      // Read on the host: downloaded once, equal to the source.
      assertThat(resident.toFloatArray()).containsExactly(host.toFloatArray());
      // Changed on the host: the device copy is dropped and the host elements feed the model.
      resident.set(new NDIndex("0, 0, 0, 0"), 3f);
      assertThat(resident.deviceTensor()).isNull();
      host.set(new NDIndex("0, 0, 0, 0"), 3f);
      float[] changed = scores(predictor, resident);
      assertThat(model.getProperty(VkModel.TIMING)).endsWith(";deviceInputs=0");
      assertThat(changed).containsExactly(scores(predictor, host));

      manager.toDeviceMemory(host); // left to the manager's close
    }
    MemoryStats after = engine.devices().open(model.getNDManager().getDevice()).allocator().stats();
    assertThat(after.liveBuffers()).isEqualTo(before.liveBuffers());
  }

  @Test
  void outputsStayInDeviceMemoryUntilRead() throws Exception {
    Path file = ZooModels.file("mobilenetv2", "int8");
    ModelInput photo =
        ModelInput.image(SharedFixtures.image("chelsea.png"), PixelEncoding.IMAGENET_RGB, false);
    float[] reference = OrtReference.run(file, photo);
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine(VkEngine.ENGINE_NAME)
            .optModelPath(file)
            .optOption("outputsOnDevice", "true")
            .build();
    VkEngine engine = (VkEngine) Engine.getEngine(VkEngine.ENGINE_NAME);
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Predictor<NDList, NDList> predictor = model.newPredictor()) {
      float[] fromHost;
      try (NDManager manager = model.getNDManager().newSubManager()) {
        fromHost = scores(predictor, photo.toNDArray(manager));
      }
      MemoryStats before =
          engine.devices().open(model.getNDManager().getDevice()).allocator().stats();
      try (NDManager manager = model.getNDManager().newSubManager()) {
        NDList out = predictor.predict(new NDList(photo.toNDArray(manager)));
        VkNDArray logits = (VkNDArray) out.head();
        assertThat(logits.deviceTensor()).as("the logits in device memory").isNotNull();
        assertThat(logits.getShape().getShape()).containsExactly(1, 1000);
        float[] read = ClassScores.read(logits);
        OutputTolerance.of(file).assertMatches("kept output vs ONNX Runtime", read, reference);
        assertThat(read).containsExactly(fromHost);
      }
      MemoryStats after =
          engine.devices().open(model.getNDManager().getDevice()).allocator().stats();
      assertThat(after.liveBuffers()).isEqualTo(before.liveBuffers());
    }
    assertThatThrownBy(
            () ->
                Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optEngine(VkEngine.ENGINE_NAME)
                    .optModelPath(file)
                    .optOption("outputsOnDevice", "yes")
                    .build()
                    .loadModel())
        .hasMessageContaining("outputsOnDevice='yes'");
  }

  private static float[] scores(Predictor<NDList, NDList> predictor, NDArray input)
      throws Exception {
    try (NDList out = predictor.predict(new NDList(input))) {
      return ClassScores.read(out.head());
    }
  }
}
