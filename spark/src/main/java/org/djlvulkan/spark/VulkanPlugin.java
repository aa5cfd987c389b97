package org.djlvulkan.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.djlvulkan.engine.VkEngine;

/**
 * Frees an executor's models and, in an executor JVM of its own, the engine's Vulkan devices when
 * the executor stops, on Spark's shutdown path before the JVM exits: NVIDIA's driver crashed the
 * JVM at exit when the devices were left to the process exit, and also when a JVM shutdown hook
 * destroyed them. Enable it with {@code spark.plugins=org.djlvulkan.spark.VulkanPlugin} ({@code
 * spark-classify} does); in local mode the executor shares the driver's JVM, whose engine stays
 * open for later sessions.
 */
public final class VulkanPlugin implements SparkPlugin {
  /** The executor id Spark gives the executor that runs inside the driver (local mode). */
  static final String DRIVER_EXECUTOR = "driver";

  /** Returns no driver-side component. */
  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  /** Returns the component that frees the executor's models when it stops. */
  @Override
  public ExecutorPlugin executorPlugin() {
    return new Shutdown();
  }

  /** The executor side: remembers whether the JVM is the executor's own, frees at shutdown. */
  static final class Shutdown implements ExecutorPlugin {
    private boolean ownJvm;

    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      ownJvm = !DRIVER_EXECUTOR.equals(ctx.executorID());
    }

    @Override
    public void shutdown() {
      ExecutorModels.closeAll();
      if (ownJvm) {
        VkEngine.shutdown();
      }
    }

    /** Returns whether the executor runs in a JVM of its own (not local mode's driver). */
    boolean ownJvm() {
      return ownJvm;
    }
  }
}
