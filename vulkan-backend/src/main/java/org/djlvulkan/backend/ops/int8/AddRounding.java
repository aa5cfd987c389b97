package org.djlvulkan.backend.ops.int8;

import java.util.function.BooleanSupplier;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.shaders.KernelFeature;

/**
 * How a quantized add's kernel rounds its two multiply-adds {@code y = a * ra + (b * rb + base)}
 * (ONNX Runtime's form, {@code quant/int8_add.glslh}): the standalone add and the residual add in a
 * convolution's last pass alike. {@link #FP64} and {@link #FMA} give the same words, ONNX
 * Runtime's; {@link #SEPARATE} may put a value within float rounding of a half step on the other
 * side.
 */
public enum AddRounding {
  /** One IEEE rounding per operation ({@code ADD_ROUNDING 0}, the kernels without a suffix). */
  SEPARATE,
  /**
   * Each multiply-add once, computed in double ({@code ADD_ROUNDING 1}, {@code _fused} kernels).
   */
  FP64,
  /** Each multiply-add once, by {@code fma()} ({@code ADD_ROUNDING 2}, {@code _fma} kernels). */
  FMA;

  /**
   * Returns what a kernel id's name carries for this rounding: none, {@code _FUSED}, {@code _FMA}.
   */
  String kernelSuffix() {
    return switch (this) {
      case SEPARATE -> "";
      case FP64 -> "_FUSED";
      case FMA -> "_FMA";
    };
  }

  /**
   * Returns the rounding the graph's kernel policy asks for on its device ({@link #choose}).
   *
   * @param g the graph
   * @return the rounding
   * @throws UnsupportedOperationException when the policy forces a rounding the device cannot run,
   *     naming the missing feature
   */
  static AddRounding of(GraphBuilder g) {
    return choose(
        g.kernelPolicy().int8Add(),
        g.capabilities().supports(KernelFeature.SHADER_FLOAT64),
        () -> FusedMultiplyAdd.roundsOnce(g.device()),
        g.device().info().name());
  }

  /**
   * Returns the rounding a policy asks for on a device. Under {@link KernelPolicy.Int8Add#AUTO}:
   * {@link #FMA} where the device's {@code fma()} rounds once (ONNX Runtime's words without double
   * precision's conversions: on an H100 it took ResNet50 int8's batch-256 span about 0.5 ms under
   * the double-precision form's, session 33); else {@link #FP64} where it has {@code
   * shaderFloat64}; else {@link #SEPARATE}.
   *
   * @param policy the policy's choice
   * @param fp64 whether the device has {@code shaderFloat64}
   * @param fmaRoundsOnce whether the device's {@code fma()} rounds once (it runs a probe the first
   *     time)
   * @param device the device's name, for errors
   * @return the rounding
   * @throws UnsupportedOperationException when the policy forces a rounding the device cannot run,
   *     naming the missing feature
   */
  static AddRounding choose(
      KernelPolicy.Int8Add policy, boolean fp64, BooleanSupplier fmaRoundsOnce, String device) {
    return switch (policy) {
      case AUTO -> fmaRoundsOnce.getAsBoolean() ? FMA : fp64 ? FP64 : SEPARATE;
      case SEPARATE -> SEPARATE;
      case FP64 -> {
        if (!fp64) {
          throw new UnsupportedOperationException(
              "DJL_VULKAN_INT8_ADD=fp64: " + device + " has no shaderFloat64");
        }
        yield FP64;
      }
      case FMA -> {
        if (!fmaRoundsOnce.getAsBoolean()) {
          throw new UnsupportedOperationException(
              "DJL_VULKAN_INT8_ADD=fma: fma() on "
                  + device
                  + " rounds the product before the addition");
        }
        yield FMA;
      }
    };
  }
}
