package org.djlvulkan.shaders.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.djlvulkan.shaders.KernelId;
import org.djlvulkan.shaders.KernelIndex;
import org.junit.jupiter.api.Test;

class KernelIdTest {
  @Test
  void constantsNameEveryKernelOfTheManifestInOrder() throws Exception {
    var declared = KernelManifest.read(Path.of("src/main/glsl")).stream().map(KernelSpec::name);
    assertThat(Arrays.stream(KernelId.values()).map(KernelId::kernelName))
        .containsExactlyElementsOf(declared.toList());
  }

  @Test
  void everyConstantIsInTheBuiltIndex() {
    KernelIndex index = KernelIndex.shared();
    for (KernelId id : KernelId.values()) {
      assertThat(index.get(id).name()).isEqualTo(id.kernelName());
    }
  }
}
