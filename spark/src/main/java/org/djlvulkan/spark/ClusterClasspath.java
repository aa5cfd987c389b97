package org.djlvulkan.spark;

import org.apache.spark.sql.SparkSession;
import org.djlvulkan.zoo.ZooSettings;

/**
 * What a driver started from this project tells the executors of a standalone cluster on the same
 * machines (or a shared file system): the driver's own class path as the executors' extra class
 * path, unless the job sets one (with {@code spark-submit --jars} a cluster gets the jars its own
 * way), the model mirror setting, and {@link VulkanPlugin}, which frees the executors' devices
 * before their JVMs exit.
 */
final class ClusterClasspath {
  private ClusterClasspath() {}

  static void configure(SparkSession.Builder builder, String master) {
    ZooSettings.fromEnvironment()
        .mirror()
        .ifPresent(
            m -> builder.config("spark.executorEnv." + ZooSettings.MIRROR_ENV, m.toString()));
    if (System.getProperty("spark.plugins") == null) {
      builder.config("spark.plugins", VulkanPlugin.class.getName());
    }
    if (System.getProperty("spark.executor.extraJavaOptions") == null) {
      // LWJGL's stack for Vulkan structs, as bin/djl-vulkan sets it for the driver.
      builder.config("spark.executor.extraJavaOptions", "-Dorg.lwjgl.system.stackSize=1024");
    }
    if (master.startsWith("spark://")
        && System.getProperty("spark.executor.extraClassPath") == null) {
      String cp =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      builder.config("spark.executor.extraClassPath", cp);
    }
  }
}
