package org.djlvulkan.tools.bench;

import org.djlvulkan.backend.tensor.Float16;
import org.djlvulkan.shaders.KernelId;

/**
 * One instruction kind that {@code bench-alu} times ({@code bench/alu.comp}): a step of a chain, as
 * the kernel computes it and as Java does, for the check of the kernel's results.
 */
public enum AluStep {
  /** {@code fma(v, 0.999, 0.25)}: the float multiply-add the other steps are compared with. */
  FMA("float multiply-add", 0),
  /** An int to float conversion. */
  INT_TO_FLOAT("int to float", 1),
  /** A float to int conversion. */
  FLOAT_TO_INT("float to int", 2),
  /** {@code roundEven(v) + 0.5}. */
  ROUND_EVEN("roundEven + add", 3),
  /** The 1.5 * 2^23 rounding: a float and an integer addition. */
  MAGIC_ROUND("float add 1.5*2^23 + int add", 4),
  /** {@code float(double(v) * 1.0000001)}: two conversions and a double multiply. */
  DOUBLE_ROUND_TRIP("float to double to float", 5),
  /** {@code v + 0.25} rounded to half and widened back: the fp16 mode's storage conversions. */
  HALF_ROUND_TRIP("float to half to float", 6);

  private final String label;
  private final int mode;

  AluStep(String label, int mode) {
    this.label = label;
    this.mode = mode;
  }

  /** Returns what the step runs, for the report. */
  public String label() {
    return label;
  }

  /** Returns the kernel's MODE (specialization constant 1). */
  int mode() {
    return mode;
  }

  /** Returns the kernel that runs the step. */
  KernelId kernel() {
    return this == DOUBLE_ROUND_TRIP ? KernelId.BENCH_ALU_F64 : KernelId.BENCH_ALU;
  }

  /**
   * Returns one step applied to a chain's bits, as the kernel computes it.
   *
   * @param bits the chain's value as 32 bits
   * @param fusedFma whether the device's {@code fma()} rounds once
   * @return the next value's bits
   */
  int apply(int bits, boolean fusedFma) {
    float f = Float.intBitsToFloat(bits);
    return switch (this) {
      case FMA ->
          Float.floatToRawIntBits(fusedFma ? Math.fma(f, 0.999f, 0.25f) : f * 0.999f + 0.25f);
      case INT_TO_FLOAT -> Float.floatToRawIntBits((float) bits);
      case FLOAT_TO_INT -> (int) f;
      case ROUND_EVEN -> Float.floatToRawIntBits((float) Math.rint(f) + 0.5f);
      case MAGIC_ROUND -> Float.floatToRawIntBits(f + 12582912f) - 0x4B400000 + 0x3F000000;
      case DOUBLE_ROUND_TRIP -> Float.floatToRawIntBits((float) ((double) f * 1.0000001));
      case HALF_ROUND_TRIP ->
          Float.floatToRawIntBits(Float16.toFloat(Float16.fromFloat(f + 0.25f)));
    };
  }
}
