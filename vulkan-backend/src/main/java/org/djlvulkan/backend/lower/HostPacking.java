package org.djlvulkan.backend.lower;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/** Host-side packing of constant operands into the device layout (NC4HW4). */
final class HostPacking {
  private HostPacking() {}

  /**
   * Packs row-major floats into NC4HW4 bytes, padded channel lanes zero.
   *
   * @param nchw the values, row-major over {@code spec}'s shape
   * @param spec an F32 NC4HW4 description (rank at most 4)
   * @return exactly {@code spec.byteSize()} little-endian bytes
   */
  static ByteBuffer nc4hw4(float[] nchw, TensorSpec spec) {
    if (spec.dtype() != DType.F32 || spec.layout() != Layout.NC4HW4) {
      throw new IllegalArgumentException("expected an F32 NC4HW4 spec: " + spec);
    }
    int n = spec.n();
    int c = spec.c();
    int plane = spec.h() * spec.w();
    int c4s = (c + 3) / 4;
    ByteBuffer out =
        ByteBuffer.allocate(Math.toIntExact(spec.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < plane; p++) {
          int dst = (((b * c4s + ch / 4) * plane + p) * 4 + ch % 4) * 4;
          out.putFloat(dst, nchw[(b * c + ch) * plane + p]);
        }
      }
    }
    return out;
  }
}
