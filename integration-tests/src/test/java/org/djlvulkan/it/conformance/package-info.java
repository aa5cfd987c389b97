/**
 * The ONNX conformance test: the backend node tests of Debian's {@code libonnx-testdata} for every
 * operator the engine claims, with the selection and the expected skips in resource files.
 */
package org.djlvulkan.it.conformance;
