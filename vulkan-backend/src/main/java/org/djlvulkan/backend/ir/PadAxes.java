package org.djlvulkan.backend.ir;

/** Pad's {@code axes} input (opset 18): the pads it gives for some axes, spread over every axis. */
public final class PadAxes {
  private PadAxes() {}

  /**
   * Returns the begin pads of every axis, then the end pads.
   *
   * @param pads the pads as given: begins then ends, one per listed axis (or per axis)
   * @param axes the listed axes (negative from the end), or null for every axis in order
   * @param rank the input's rank
   * @return {@code 2 * rank} pads
   * @throws IllegalArgumentException when the pads do not fit the axes
   */
  public static long[] expand(long[] pads, long[] axes, int rank) {
    if (axes == null) {
      return pads;
    }
    if (pads.length != 2 * axes.length) {
      throw new IllegalArgumentException(
          pads.length + " pads for " + axes.length + " axes (2 per axis needed)");
    }
    long[] full = new long[2 * rank];
    for (int k = 0; k < axes.length; k++) {
      int a = (int) (axes[k] < 0 ? axes[k] + rank : axes[k]);
      if (a < 0 || a >= rank) {
        throw new IllegalArgumentException("axis " + axes[k] + " out of range for rank " + rank);
      }
      full[a] = pads[k];
      full[a + rank] = pads[k + axes.length];
    }
    return full;
  }
}
