package org.djlvulkan.backend.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.memory.MemoryStats;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.TestDevice;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.errors.OutOfDeviceMemoryException;
import org.djlvulkan.testfixtures.JvmProbe;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VkBufferCreateInfo;

@ExtendWith(VulkanExtension.class)
class FailureModesTest {
  private static final long MIB = 1 << 20;

  @Test
  void outOfDeviceMemoryIsAClearExceptionAndLeavesNothingBehind() {
    try (VulkanDevice device = VulkanDevice.open(TestDevice.options().withHeapLimit(64 * MIB))) {
      MemoryStats before = device.allocator().stats();
      // 24 Mi floats = 96 MiB per tensor, more than the 64 MiB the allocator may use.
      long[] big = {1, 4, 2048, 3072};
      GraphBuilder g = new GraphBuilder(device);
      Value x = OpRunner.nc4hw4Input(g, "x", big);
      g.output("y", LayoutOps.toNchwOutput(g, ElementwiseOps.relu(g, x)));
      ComputeGraph graph = g.build();
      assertThatThrownBy(graph::newContext)
          .isInstanceOf(OutOfDeviceMemoryException.class)
          .hasMessageContaining("out of device memory")
          .hasMessageContaining("bytes");
      graph.close();
      assertThat(device.allocator().stats()).isEqualTo(before);

      // A constant too big for the heap fails the build the same way.
      GraphBuilder g2 = new GraphBuilder(device);
      TensorSpec weights = TensorSpec.of(DType.F32, Layout.NCHW, 20 * MIB);
      g2.constant("weights", weights, ByteBuffer.allocate((int) weights.byteSize()));
      assertThatThrownBy(g2::build).isInstanceOf(OutOfDeviceMemoryException.class);
      assertThat(device.allocator().stats()).isEqualTo(before);
    }
  }

  @Test
  void aValidationErrorIsCaught() {
    VulkanDevice device = VulkanExtension.device();
    if (!device.instance().validationActive()) {
      assertThat(SharedFixtures.underCi()).as("validation layer must be active under CI").isFalse();
      return;
    }
    int before = device.instance().validationMessages().errorCount();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      // size 0 violates VUID-VkBufferCreateInfo-size-00912; the layer reports it, the driver
      // never sees the call.
      VkBufferCreateInfo info =
          VkBufferCreateInfo.calloc(stack)
              .sType$Default()
              .size(0)
              .usage(VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
      var p = stack.mallocLong(1);
      p.put(0, 0);
      VK10.vkCreateBuffer(device.handle(), info, null, p);
      if (p.get(0) != 0) {
        VK10.vkDestroyBuffer(device.handle(), p.get(0), null);
      }
    }
    assertThat(device.instance().validationMessages().errorCount()).isGreaterThan(before);
    assertThat(device.instance().validationMessages().drain())
        .anySatisfy(m -> assertThat(m).contains("size"));
  }

  @Test
  void withoutALoaderTheErrorNamesThePackagesToInstall() throws Exception {
    String out = JvmProbe.runWithoutLoader(NoVulkanProbe.class);
    assertThat(out)
        .contains("VulkanUnavailableException")
        .contains("libvulkan1")
        .contains("mesa-vulkan-drivers");
  }

  @Test
  void withoutADriverTheErrorNamesThePackagesToInstall() throws Exception {
    String out = JvmProbe.runWithoutDriver(NoVulkanProbe.class);
    assertThat(out).contains("VulkanUnavailableException").contains("mesa-vulkan-drivers");
  }
}
