package org.djlvulkan.spark;

import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What a driver started from this project tells the executors of a standalone cluster on the same
 * machines (or a shared file system): the driver's own class path as the executors' extra class
 * path, unless the job sets one (with {@code spark-submit --jars} a cluster gets the jars its own
 * way), and the model mirror setting.
 */
final class ClusterClasspath {
  private ClusterClasspath() {}

  /** The model mirror: environment variable and system property (see the backend's Settings). */
  static final String MIRROR_ENV = "DJL_VULKAN_MODEL_MIRROR";

  static final String MIRROR_PROPERTY = "djl.vulkan.model.mirror";

  static void configure(SparkSession.Builder builder, String master) {
    Optional<String> mirror =
        Optional.ofNullable(System.getProperty(MIRROR_PROPERTY))
            .or(() -> Optional.ofNullable(System.getenv(MIRROR_ENV)));
    mirror.ifPresent(m -> builder.config("spark.executorEnv." + MIRROR_ENV, m));
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
