package org.djlvulkan.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.spark.api.plugin.PluginContext;
import org.junit.jupiter.api.Test;

class VulkanPluginTest {
  private static PluginContext executor(String id) {
    return (PluginContext)
        Proxy.newProxyInstance(
            PluginContext.class.getClassLoader(),
            new Class<?>[] {PluginContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("executorID")) {
                return id;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  @Test
  void onlyAnExecutorOfItsOwnJvmShutsTheEngineDown() {
    VulkanPlugin.Shutdown local = (VulkanPlugin.Shutdown) new VulkanPlugin().executorPlugin();
    local.init(executor(VulkanPlugin.DRIVER_EXECUTOR), Map.of());
    assertThat(local.ownJvm()).isFalse();
    VulkanPlugin.Shutdown remote = (VulkanPlugin.Shutdown) new VulkanPlugin().executorPlugin();
    remote.init(executor("3"), Map.of());
    assertThat(remote.ownJvm()).isTrue();
    assertThat(new VulkanPlugin().driverPlugin()).isNull();
  }

  @Test
  void aLocalExecutorsShutdownLeavesTheEngineUsable() {
    VulkanPlugin.Shutdown local = (VulkanPlugin.Shutdown) new VulkanPlugin().executorPlugin();
    local.init(executor(VulkanPlugin.DRIVER_EXECUTOR), Map.of());
    local.shutdown();
    try (NDManager m = Engine.getEngine(ModelSpec.VULKAN).newBaseManager()) {
      assertThat(m.create(new float[] {1f, 2f}).sum().getFloat()).isEqualTo(3f);
    }
  }
}
