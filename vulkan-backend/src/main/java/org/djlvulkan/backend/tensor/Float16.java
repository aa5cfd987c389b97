package org.djlvulkan.backend.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * IEEE 754 binary16 (float16) conversions on the host, for Java 17 ({@code Float.float16ToFloat} is
 * Java 20+): widening float16 weights to fp32 at load, and narrowing fp32 data for float16 graph
 * inputs. Widening is exact; narrowing rounds to nearest, ties to even. Infinities, subnormals and
 * signed zeros convert exactly; NaNs stay NaNs with their sign and the top bits of their payload.
 */
public final class Float16 {
  private Float16() {}

  /**
   * Widens a float16 to a float (exact).
   *
   * @param bits the float16 bit pattern
   * @return the same number as a float
   */
  public static float toFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      // Infinity (mantissa 0) or NaN: keep the payload in the top mantissa bits.
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      if (mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      // Subnormal: mantissa * 2^-24. Normalize around its highest set bit p (0..9):
      // 2^(p - 24) * (1 + rest / 2^p), a float exponent field of p - 24 + 127.
      int p = 31 - Integer.numberOfLeadingZeros(mantissa);
      int rest = mantissa - (1 << p);
      return Float.intBitsToFloat(sign | ((p + 103) << 23) | (rest << (23 - p)));
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /**
   * Narrows a float to the nearest float16, ties to even; values beyond the float16 range become
   * infinities, values below half the smallest subnormal become signed zeros.
   *
   * @param value a float
   * @return the float16 bit pattern
   */
  public static short fromFloat(float value) {
    int f = Float.floatToRawIntBits(value);
    int sign = (f >>> 16) & 0x8000;
    int exponent = (f >>> 23) & 0xff;
    int mantissa = f & 0x7fffff;
    if (exponent == 0xff) {
      if (mantissa == 0) {
        return (short) (sign | 0x7c00);
      }
      int payload = mantissa >>> 13;
      return (short) (sign | 0x7c00 | (payload == 0 ? 0x200 : payload));
    }
    int e = exponent - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e >= 1) {
      // Normal: drop 13 mantissa bits with rounding; a carry may step into the exponent, and from
      // the largest finite value into infinity, both of which are the right answers.
      int half = (e << 10) | (mantissa >>> 13);
      return (short) (sign | roundShifted(half, mantissa & 0x1fff, 13));
    }
    if (exponent == 0) {
      return (short) sign; // float subnormals are far below the float16 range
    }
    // A float16 subnormal (or zero): significand (1.mantissa) * 2^(e - 15 - 23) in units of 2^-24.
    int shift = 14 - e;
    if (shift > 24) {
      return (short) sign; // below half the smallest float16 subnormal
    }
    int significand = mantissa | 0x800000;
    int half = significand >>> shift;
    return (short) (sign | roundShifted(half, significand & ((1 << shift) - 1), shift));
  }

  /** Rounds {@code truncated} (a value shifted right by {@code shift}) to nearest, ties even. */
  private static int roundShifted(int truncated, int dropped, int shift) {
    int halfway = 1 << (shift - 1);
    if (dropped > halfway || (dropped == halfway && (truncated & 1) == 1)) {
      return truncated + 1;
    }
    return truncated;
  }

  /**
   * Widens float16 data to floats.
   *
   * @param halves float16 bit patterns (from the current position to the limit; not consumed)
   * @return the floats
   */
  public static float[] toFloats(ShortBuffer halves) {
    ShortBuffer in = halves.duplicate();
    float[] out = new float[in.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = toFloat(in.get());
    }
    return out;
  }

  /**
   * Widens float16 bytes, as stored in model files (little-endian), to fp32 bytes: the form in
   * which float16 weights become F32 constants.
   *
   * @param halves an even number of bytes of little-endian float16s (not consumed)
   * @return a new little-endian buffer of twice the size, position 0
   */
  public static ByteBuffer widen(ByteBuffer halves) {
    if (halves.remaining() % 2 != 0) {
      throw new IllegalArgumentException(
          "float16 data has an odd number of bytes: " + halves.remaining());
    }
    ShortBuffer in = halves.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    ByteBuffer out = ByteBuffer.allocate(in.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = out.asFloatBuffer();
    while (in.hasRemaining()) {
      floats.put(toFloat(in.get()));
    }
    return out;
  }

  /**
   * Narrows floats to little-endian float16 bytes (for float16 graph inputs).
   *
   * @param values the floats
   * @return a new little-endian buffer of {@code 2 * values.length} bytes, position 0
   */
  public static ByteBuffer narrow(float[] values) {
    ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      out.putShort(fromFloat(v));
    }
    return out.flip();
  }
}
