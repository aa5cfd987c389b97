package org.djlvulkan.shaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.djlvulkan.shaders.build.SpirvReflector;
import org.junit.jupiter.api.Test;

class KernelIndexTest {

  @Test
  void builtIndexHasNoop() {
    KernelInfo noop = KernelIndex.shared().get("noop");

    assertThat(noop.name()).isEqualTo("noop");
    assertThat(noop.source()).isEqualTo("bench/noop.comp");
    assertThat(noop.defines()).isEmpty();
    assertThat(noop.bindings())
        .containsExactly(new BindingInfo(0, 0, BindingInfo.Kind.STORAGE_BUFFER, false));
    assertThat(noop.pushConstantBytes()).isEqualTo(4);
    assertThat(noop.specConstants())
        .containsExactly(new SpecConstantInfo(0, "local_size_x", SpecConstantInfo.Type.UINT));
    assertThat(noop.requiredFeatures()).isEmpty();
  }

  @Test
  void spirvIsAFreshDirectNativeOrderBuffer() {
    KernelInfo noop = KernelIndex.shared().get("noop");

    ByteBuffer first = noop.spirv();
    ByteBuffer second = noop.spirv();

    assertThat(first.isDirect()).isTrue();
    assertThat(first.order()).isEqualTo(ByteOrder.nativeOrder());
    assertThat(first.position()).isZero();
    assertThat(first.remaining() % 4).isZero();
    assertThat(first.getInt(0)).isEqualTo(0x07230203);
    assertThat(second).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void sharedIsOneInstanceAndLoadReadsAgain() {
    assertThat(KernelIndex.shared()).isSameAs(KernelIndex.shared());
    KernelIndex loaded = KernelIndex.load();
    assertThat(loaded).isNotSameAs(KernelIndex.shared());
    assertThat(loaded.all()).extracting(KernelInfo::name).contains("noop");
    assertThat(loaded.contains("noop")).isTrue();
    assertThat(loaded.contains("no_such_kernel")).isFalse();
  }

  @Test
  void unknownKernelNamesTheKnownOnes() {
    KernelIndex index = KernelIndex.shared();
    assertThatThrownBy(() -> index.get("no_such_kernel"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "unknown kernel 'no_such_kernel'; the index has " + index.all().size() + " kernels: ")
        .hasMessageContaining("noop");
  }

  @Test
  void everyIndexedKernelDeclaresWhatItsShippedSpirvUses() {
    // The index holds the declared interface (an unoptimized compile); the shipped module is
    // optimized and may drop what it never uses, but can never use more than was declared.
    for (KernelInfo kernel : KernelIndex.shared().all()) {
      ByteBuffer code = kernel.spirv();
      int[] words = new int[code.remaining() / 4];
      code.asIntBuffer().get(words);
      SpirvReflector.Reflection reflection = SpirvReflector.reflect(words);
      assertThat(kernel.bindings()).as(kernel.name()).containsAll(reflection.bindings());
      assertThat(reflection.pushConstantBytes())
          .as(kernel.name())
          .isLessThanOrEqualTo(kernel.pushConstantBytes());
      assertThat(kernel.specConstants())
          .as(kernel.name())
          .extracting(SpecConstantInfo::id, SpecConstantInfo::type)
          .containsAll(
              reflection.specConstants().stream()
                  .map(c -> org.assertj.core.groups.Tuple.tuple(c.id(), c.type()))
                  .toList());
    }
  }

  @Test
  void missingIndexSaysTheJarIsNotBuilt() {
    assertThatThrownBy(() -> KernelIndex.load(name -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(KernelIndex.INDEX_RESOURCE)
        .hasMessageContaining("shaders jar is not built or not on the class path");
  }

  @Test
  void malformedIndexIsReported() {
    assertThatThrownBy(() -> KernelIndex.parse(new StringReader("{\"format\": 1}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kernels");
    assertThatThrownBy(
            () -> KernelIndex.parse(new StringReader("{\"format\": 99, \"kernels\": []}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format 99");
    assertThatThrownBy(
            () ->
                KernelIndex.parse(
                    new StringReader(
                        "{\"format\": 1, \"kernels\": [{\"name\": \"k\", \"spirv\": \"k.spv\","
                            + " \"source\": \"k.comp\", \"requires\": [\"WARP_DRIVE\"]}]}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kernel 'k'")
        .hasMessageContaining("WARP_DRIVE");
  }

  @Test
  void parsesAllFields() {
    String json =
        "{\"format\": 1, \"kernels\": [{\"name\": \"k\", \"spirv\": \"k.spv\", \"source\":"
            + " \"a/k.comp\", \"defines\": {\"OP\": \"2\"}, \"bindings\": [{\"set\": 0,"
            + " \"binding\": 3, \"kind\": \"UNIFORM_BUFFER\", \"readOnly\": true}, {\"set\": 0,"
            + " \"binding\": 1, \"kind\": \"STORAGE_BUFFER\", \"readOnly\": false}],"
            + " \"pushConstantBytes\": 12, \"specConstants\": [{\"id\": 5, \"name\": \"B\","
            + " \"type\": \"BOOL\"}, {\"id\": 0, \"name\": \"local_size_x\", \"type\":"
            + " \"UINT\"}], \"requires\": [\"SHADER_FLOAT16\", \"INT8_STORAGE\"]}]}";

    KernelInfo k = KernelIndex.parse(new StringReader(json)).get("k");

    assertThat(k.source()).isEqualTo("a/k.comp");
    assertThat(k.defines()).containsExactly(java.util.Map.entry("OP", "2"));
    assertThat(k.bindings())
        .extracting(BindingInfo::binding)
        .containsExactly(1, 3); // sorted by binding
    assertThat(k.pushConstantBytes()).isEqualTo(12);
    assertThat(k.specConstants()).extracting(SpecConstantInfo::id).containsExactly(0, 5);
    assertThat(k.requiredFeatures())
        .containsExactly(KernelFeature.INT8_STORAGE, KernelFeature.SHADER_FLOAT16);
    assertThatThrownBy(k::spirv)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("k.spv");
  }
}
