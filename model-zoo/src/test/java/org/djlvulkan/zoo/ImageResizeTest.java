package org.djlvulkan.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import org.djlvulkan.zoo.translator.ImageNetTranslatorFactory;
import org.junit.jupiter.api.Test;

class ImageResizeTest {
  @Test
  void autoResizesOnTheDeviceForAVulkanGpuOnly() {
    assertThat(ImageResize.AUTO.onDevice("Vulkan", Device.gpu(1))).isTrue();
    assertThat(ImageResize.AUTO.onDevice("Vulkan", Device.cpu())).isFalse();
    assertThat(ImageResize.AUTO.onDevice("OnnxRuntime", Device.gpu(0))).isFalse();
    assertThat(ImageResize.HOST.onDevice("Vulkan", Device.gpu(0))).isFalse();
    assertThat(ImageResize.DEVICE.onDevice("Vulkan", Device.cpu())).isTrue();
    for (ImageResize r : ImageResize.values()) {
      assertThat(ImageResize.named(r.argument())).isEqualTo(r);
    }
    assertThatThrownBy(() -> ImageResize.named("GPU"))
        .hasMessage("needs host, device or auto, got 'GPU'");
  }

  @Test
  void theCriteriaOfAZooModelOrAFileTakeImagesAtTheirOwnSize() {
    Criteria.Builder<Image, Classifications> zoo =
        Criteria.builder().setTypes(Image.class, Classifications.class);
    ImageResize.resizeOnDevice(zoo, true, null);
    assertThat(zoo.build().getOptions())
        .containsEntry(VkModelZoo.PIXEL_INPUT, VkModelZoo.RESIZE_ON_DEVICE);

    Criteria.Builder<Image, Classifications> file =
        Criteria.builder().setTypes(Image.class, Classifications.class);
    ImageResize.resizeOnDevice(file, false, "raw-bgr");
    Criteria<Image, Classifications> c = file.build();
    assertThat(c.getOptions()).containsEntry(VkModelZoo.PIXEL_INPUT, "raw-bgr");
    assertThat(c.getArguments()).containsEntry(ImageNetTranslatorFactory.INPUT_TYPE, "images");
  }
}
