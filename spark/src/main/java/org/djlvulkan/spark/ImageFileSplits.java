package org.djlvulkan.spark;

import org.apache.spark.sql.SparkSession;

/**
 * How a job reading image files with {@code binaryFile} splits them into partitions. Spark counts
 * every file as at least {@code spark.sql.files.openCostInBytes} (4 MB by default) when it packs
 * files into partitions of up to 128 MB, which puts only about 32 images of tens of kilobytes in a
 * partition: one batch per task, and a task (with its Parquet file) per 32 images. An open cost of
 * {@value #OPEN_COST_BYTES} bytes lets Spark spread the files over about as many partitions as the
 * job has cores, each holding many batches.
 */
final class ImageFileSplits {
  /** The open cost this job sets, in bytes. */
  static final long OPEN_COST_BYTES = 64 * 1024;

  private static final String KEY = "spark.sql.files.openCostInBytes";

  private ImageFileSplits() {}

  /** Sets the open cost unless the job's configuration gives one. */
  static void configure(SparkSession.Builder builder) {
    if (System.getProperty(KEY) == null) {
      builder.config(KEY, Long.toString(OPEN_COST_BYTES));
    }
  }
}
