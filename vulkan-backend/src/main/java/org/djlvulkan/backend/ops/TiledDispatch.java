package org.djlvulkan.backend.ops;

import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.shaders.KernelId;

/**
 * A 3-D workgroup shape and grid for the tiled kernels (GEMM, direct and depthwise convolution): up
 * to 64 invocations per workgroup, spread over the three axes by how much work each has.
 *
 * @param localX workgroup size in x
 * @param localY workgroup size in y
 * @param localZ workgroup size in z
 * @param grid workgroups
 */
public record TiledDispatch(int localX, int localY, int localZ, Grid grid) {
  /** Invocations per workgroup. */
  public static final int INVOCATIONS = 64;

  /**
   * Plans a dispatch of {@code x * y * z} invocations.
   *
   * @param caps the device's limits
   * @param x invocations along x
   * @param y invocations along y
   * @param z invocations along z
   * @param maxX the largest workgroup size along x (the axis of consecutive positions)
   * @param what the op, for the error message
   * @return the plan
   */
  public static TiledDispatch of(
      DeviceCapabilities caps, long x, long y, long z, int maxX, String what) {
    int lx = (int) Math.min(pow2AtLeast(x), maxX);
    int ly = (int) Math.min(pow2AtLeast(y), INVOCATIONS / lx);
    int lz = (int) Math.min(pow2AtLeast(z), INVOCATIONS / (lx * ly));
    lx = (int) Math.min(pow2AtLeast(x), INVOCATIONS / (ly * lz));
    long gx = (x + lx - 1) / lx;
    long gy = (y + ly - 1) / ly;
    long gz = (z + lz - 1) / lz;
    int[] max = caps.maxWorkgroupCount();
    if (gx > max[0] || gy > max[1] || gz > max[2]) {
      throw new IllegalArgumentException(
          what
              + ": dispatch of "
              + gx
              + "x"
              + gy
              + "x"
              + gz
              + " workgroups exceeds the device's limit "
              + max[0]
              + "x"
              + max[1]
              + "x"
              + max[2]);
    }
    return new TiledDispatch(lx, ly, lz, new Grid((int) gx, (int) gy, (int) gz));
  }

  /**
   * Returns the pipeline key of a kernel with this workgroup shape.
   *
   * @param kernel the kernel's name
   * @return the key
   */
  public PipelineKey pipeline(KernelId kernel) {
    return PipelineKey.of(kernel, localX, localY, localZ);
  }

  private static long pow2AtLeast(long v) {
    long p = 1;
    while (p < v && p < INVOCATIONS) {
      p <<= 1;
    }
    return p;
  }
}
