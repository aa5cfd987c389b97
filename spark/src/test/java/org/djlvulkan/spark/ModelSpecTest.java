package org.djlvulkan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.djlvulkan.zoo.VkModelZoo;
import org.djlvulkan.zoo.ZooCatalog;
import org.junit.jupiter.api.Test;

/** The criteria a spec gives the executors: fp16 runs the zoo's fp32 file with the option. */
class ModelSpecTest {
  @Test
  void fp16PicksTheFloatFileAndSetsTheEnginesOption() {
    ModelSpec fp16 = new ModelSpec("resnet50", "fp16", null, null, ModelSpec.VULKAN, -1, false);
    var criteria = fp16.criteria(null);
    assertThat(criteria.getFilters()).containsEntry(ZooCatalog.PRECISION, "fp32");
    assertThat(criteria.getOptions()).containsEntry("precision", "fp16");
    assertThat(fp16.rawCriteria(null).getOptions()).containsEntry("precision", "fp16");
    ModelSpec int8 = new ModelSpec("resnet50", "int8", null, null, ModelSpec.VULKAN, -1, false);
    assertThat(int8.criteria(null).getFilters()).containsEntry(ZooCatalog.PRECISION, "int8");
    assertThat(int8.criteria(null).getOptions()).isNullOrEmpty();
  }

  @Test
  void resizingOnTheDeviceSetsThePixelInputAndNeedsTheVulkanEngine() {
    ModelSpec zoo = ModelSpec.of("mobilenetv2").withResizeOnDevice(true);
    assertThat(zoo.criteria(null).getOptions())
        .containsEntry(VkModelZoo.PIXEL_INPUT, VkModelZoo.RESIZE_ON_DEVICE);
    assertThat(zoo.rawCriteria(null).getOptions()).isNullOrEmpty();
    assertThatThrownBy(
            () -> new ModelSpec("mobilenetv2", null, null, null, "OnnxRuntime", -1, true))
        .hasMessageContaining("needs the Vulkan engine, not OnnxRuntime");
  }
}
