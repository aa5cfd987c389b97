package org.djlvulkan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.djlvulkan.zoo.ImageResize;
import org.djlvulkan.zoo.VkModelZoo;
import org.djlvulkan.zoo.ZooCatalog;
import org.junit.jupiter.api.Test;

/** The criteria a spec gives the executors: fp16 runs the zoo's fp32 file with the option. */
class ModelSpecTest {
  @Test
  void fp16PicksTheFloatFileAndSetsTheEnginesOption() {
    ModelSpec fp16 =
        new ModelSpec("resnet50", "fp16", null, null, ModelSpec.VULKAN, -1, ImageResize.HOST);
    var criteria = fp16.criteria(null);
    assertThat(criteria.getFilters()).containsEntry(ZooCatalog.PRECISION, "fp32");
    assertThat(criteria.getOptions()).containsEntry("precision", "fp16");
    assertThat(fp16.rawCriteria(null).getOptions()).containsEntry("precision", "fp16");
    ModelSpec int8 =
        new ModelSpec("resnet50", "int8", null, null, ModelSpec.VULKAN, -1, ImageResize.HOST);
    assertThat(int8.criteria(null).getFilters()).containsEntry(ZooCatalog.PRECISION, "int8");
    assertThat(int8.criteria(null).getOptions()).isNullOrEmpty();
  }

  @Test
  void resizingOnTheDeviceSetsThePixelInputAndNeedsTheVulkanEngine() {
    ModelSpec zoo = ModelSpec.of("mobilenetv2").withResize(ImageResize.DEVICE);
    assertThat(zoo.criteria(null).getOptions())
        .containsEntry(VkModelZoo.PIXEL_INPUT, VkModelZoo.RESIZE_ON_DEVICE);
    assertThat(zoo.rawCriteria(null).getOptions()).isNullOrEmpty();
    assertThatThrownBy(
            () ->
                new ModelSpec(
                    "mobilenetv2", null, null, null, "OnnxRuntime", -1, ImageResize.DEVICE))
        .hasMessageContaining("needs the Vulkan engine, not OnnxRuntime");
    // auto: on the device for a GPU, on the host for the CPU (lavapipe) and other engines.
    ModelSpec auto = ModelSpec.of("mobilenetv2");
    assertThat(auto.resize()).isEqualTo(ImageResize.AUTO);
    assertThat(auto.criteria(Device.gpu(0)).getOptions())
        .containsEntry(VkModelZoo.PIXEL_INPUT, VkModelZoo.RESIZE_ON_DEVICE);
    assertThat(auto.criteria(Device.cpu()).getOptions()).isNullOrEmpty();
    assertThat(ImageResize.AUTO.onDevice("OnnxRuntime", Device.gpu(0))).isFalse();
    assertThatThrownBy(() -> ImageResize.named("gpu"))
        .hasMessage("needs host, device or auto, got 'gpu'");
  }
}
