package org.djlvulkan.backend.testing;

import java.util.List;

/**
 * The pooling geometries the float and int8 pooling tests cover pairwise: input sizes, windows,
 * strides, pads (top, left, bottom, right) and the yes/no options (ceil mode, count include pad).
 */
public final class PoolGrid {
  /** Input heights and widths. */
  public static final List<int[]> SPATIAL = List.of(new int[] {7, 5}, new int[] {6, 9});

  /** Window heights and widths. */
  public static final List<int[]> KERNELS = List.of(new int[] {3, 3}, new int[] {2, 3});

  /** Strides (both axes). */
  public static final List<Integer> STRIDES = List.of(1, 2);

  /** Pads: none, all 1, and uneven. */
  public static final List<int[]> PADS =
      List.of(new int[] {0, 0, 0, 0}, new int[] {1, 1, 1, 1}, new int[] {1, 0, 0, 1});

  /** Both values of a yes/no option. */
  public static final List<Boolean> FLAGS = List.of(false, true);

  private PoolGrid() {}
}
