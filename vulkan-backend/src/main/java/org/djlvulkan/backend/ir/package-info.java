/**
 * The front-end-neutral graph IR: nodes of registry operators ({@link org.djlvulkan.backend.ir.Op})
 * over named values, host constants, runtime inputs and outputs. Front ends ({@code frontend.onnx},
 * {@code frontend.executorch}) translate into it; {@code passes} simplify it; {@code lower} turns
 * it into recorded compute graphs.
 */
package org.djlvulkan.backend.ir;
