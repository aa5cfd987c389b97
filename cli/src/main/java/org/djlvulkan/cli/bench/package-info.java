/**
 * The parts of {@code bench}: timing a DJL predictor and the ONNX Runtime peer on the same random
 * input, statistics, and the report.
 */
package org.djlvulkan.cli.bench;
