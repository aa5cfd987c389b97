package org.djlvulkan.backend.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Float16Test {

  /**
   * The value of a float16 bit pattern computed arithmetically in double, from the definition (not
   * by moving bits): {@code (-1)^s * 2^(e - 15) * (1 + m / 1024)} for normals, {@code (-1)^s *
   * 2^-14 * (m / 1024)} for subnormals.
   */
  private static double referenceValue(int h) {
    int s = (h >> 15) & 1;
    int e = (h >> 10) & 0x1f;
    int m = h & 0x3ff;
    double sign = s == 1 ? -1.0 : 1.0;
    if (e == 31) {
      return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
    }
    if (e == 0) {
      return sign * Math.pow(2, -14) * (m / 1024.0);
    }
    return sign * Math.pow(2, e - 15) * (1 + m / 1024.0);
  }

  @Test
  void toFloatIsExactForAll65536Patterns() {
    int nan = 0;
    int subnormal = 0;
    for (int h = 0; h < 65536; h++) {
      float f = Float16.toFloat((short) h);
      double ref = referenceValue(h);
      if (Double.isNaN(ref)) {
        assertThat(f).as("pattern %04x", h).isNaN();
        // Sign and payload survive.
        assertThat(Float.floatToRawIntBits(f) >>> 31).isEqualTo(h >>> 15);
        assertThat((Float.floatToRawIntBits(f) >>> 13) & 0x3ff).isEqualTo(h & 0x3ff);
        nan++;
        continue;
      }
      if (((h >> 10) & 0x1f) == 0 && (h & 0x3ff) != 0) {
        subnormal++;
      }
      // Every float16 is exactly a float: compare bits (this also checks the sign of zero).
      assertThat(Float.floatToRawIntBits(f))
          .as("pattern %04x: %s vs %s", h, f, ref)
          .isEqualTo(Float.floatToRawIntBits((float) ref));
      if (h == 0x8000) {
        assertThat(1 / f).isEqualTo(Float.NEGATIVE_INFINITY);
      }
    }
    assertThat(nan).isEqualTo(2 * 1023);
    assertThat(subnormal).isEqualTo(2 * 1023);
  }

  @Test
  void fromFloatRoundTripsEveryPattern() {
    for (int h = 0; h < 65536; h++) {
      float f = Float16.toFloat((short) h);
      short back = Float16.fromFloat(f);
      if (Float.isNaN(f)) {
        assertThat(Float16.toFloat(back)).isNaN();
        assertThat(back & 0xffff).isEqualTo(h); // payloads fit in 10 bits, so they survive
      } else {
        assertThat(back & 0xffff).as("pattern %04x", h).isEqualTo(h);
      }
    }
  }

  /** The float16 nearest to x by exhaustive search over the finite patterns; ties to even. */
  private static int nearest(double x, double[] values) {
    int best = -1;
    double bestDiff = Double.POSITIVE_INFINITY;
    for (int h = 0; h < 65536; h++) {
      if (Double.isNaN(values[h]) || Double.isInfinite(values[h])) {
        continue;
      }
      if (Math.signum(values[h]) != 0 && Math.signum(values[h]) != Math.signum(x)) {
        continue;
      }
      double d = Math.abs(values[h] - x);
      if (d < bestDiff || (d == bestDiff && (h & 1) == 0 && (best & 1) == 1)) {
        bestDiff = d;
        best = h;
      }
    }
    return best;
  }

  @Test
  void fromFloatRoundsToNearestEvenAtEveryMidpoint() {
    // Midpoints between neighbours (12 significant bits: exact in float) must go to the even one;
    // a float step either side must go to the nearer one.
    for (int h = 0; h < 0x7bff; h++) {
      float lo = Float16.toFloat((short) h);
      float hi = Float16.toFloat((short) (h + 1));
      float mid = (float) (((double) lo + hi) / 2);
      assertThat(((double) lo + hi) / 2).isEqualTo(mid);
      int even = (h & 1) == 0 ? h : h + 1;
      assertThat(Float16.fromFloat(mid) & 0xffff).as("midpoint above %04x", h).isEqualTo(even);
      assertThat(Float16.fromFloat(-mid) & 0xffff).isEqualTo(even | 0x8000);
      assertThat(Float16.fromFloat(Math.nextDown(mid)) & 0xffff).isEqualTo(h);
      assertThat(Float16.fromFloat(Math.nextUp(mid)) & 0xffff).isEqualTo(h + 1);
    }
  }

  @Test
  void fromFloatMatchesAnExhaustiveNearestSearchOnRandomFloats() {
    double[] values = new double[65536];
    for (int h = 0; h < 65536; h++) {
      values[h] = referenceValue(h);
    }
    Random r = new Random(42);
    for (int i = 0; i < 300; i++) {
      // Log-uniform magnitudes from far below the subnormals to the largest finite float16.
      float x = (float) (Math.pow(2, -30 + r.nextDouble() * 45.9) * (r.nextBoolean() ? 1 : -1));
      int expected = nearest(x, values);
      if (expected == 0 && x < 0) {
        expected = 0x8000; // underflow keeps the sign
      }
      assertThat(Float16.fromFloat(x) & 0xffff).as("%s", x).isEqualTo(expected);
    }
  }

  @Test
  void fromFloatHandlesSpecialValues() {
    assertThat(Float16.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
    assertThat(Float16.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xfc00);
    assertThat(Float16.toFloat(Float16.fromFloat(Float.NaN))).isNaN();
    // A NaN whose payload lies below the float16 bits stays a NaN.
    assertThat(Float16.toFloat(Float16.fromFloat(Float.intBitsToFloat(0x7f800001)))).isNaN();
    assertThat(Float16.fromFloat(65504f)).isEqualTo((short) 0x7bff);
    assertThat(Float16.fromFloat(65519.99f)).isEqualTo((short) 0x7bff);
    assertThat(Float16.fromFloat(65520f)).isEqualTo((short) 0x7c00); // rounds up into infinity
    assertThat(Float16.fromFloat(1e6f)).isEqualTo((short) 0x7c00);
    assertThat(Float16.fromFloat(-0f)).isEqualTo((short) 0x8000);
    assertThat(Float16.fromFloat(Float.MIN_VALUE)).isEqualTo((short) 0);
    assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo((short) 0); // tie with 0: even
    assertThat(Float16.fromFloat(Math.nextUp(0x1p-25f))).isEqualTo((short) 1);
    assertThat(Float16.fromFloat(0x1p-24f)).isEqualTo((short) 1);
  }

  @Test
  void widenConvertsLittleEndianBytes() {
    ByteBuffer halves = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    halves.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001);
    halves.putShort((short) 0x7c00).flip();
    ByteBuffer floats = Float16.widen(halves);
    assertThat(halves.remaining()).isEqualTo(8);
    assertThat(floats.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(floats.getFloat(0)).isEqualTo(1f);
    assertThat(floats.getFloat(4)).isEqualTo(-2f);
    assertThat(floats.getFloat(8)).isEqualTo(0x1p-24f);
    assertThat(floats.getFloat(12)).isEqualTo(Float.POSITIVE_INFINITY);
    float[] back =
        Float16.toFloats(
            Float16.narrow(new float[] {1f, -2f, 0x1p-24f}).asShortBuffer().duplicate());
    assertThat(back).hasSize(3);
  }
}
