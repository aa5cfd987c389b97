/**
 * The ONNX backend-test format as a conformance suite: a case folder ({@code model.onnx} and {@code
 * test_data_set_*} folders of {@code input_N.pb} / {@code output_N.pb} tensors), a runner that
 * loads the model, feeds the inputs and compares every output with a tolerance per element type.
 */
package org.djlvulkan.tools.testcase;
