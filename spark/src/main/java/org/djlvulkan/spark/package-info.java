/**
 * Batch inference on Apache Spark with the Vulkan engine: {@link
 * org.djlvulkan.spark.VulkanImageClassifier} (a Spark ML {@code Transformer}), {@link
 * org.djlvulkan.spark.PartitionClassifier} (the same work for {@code mapPartitions} on any Dataset
 * or RDD), {@link org.djlvulkan.spark.ExecutorModels} (one loaded model per executor JVM) and the
 * {@code spark-classify} app ({@link org.djlvulkan.spark.SparkClassify}).
 */
package org.djlvulkan.spark;
