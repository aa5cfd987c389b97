package org.djlvulkan.backend.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns arena offsets to intermediate values so that values whose lifetimes do not overlap share
 * memory. Greedy by size: the largest value is placed first, each at the lowest aligned offset that
 * does not collide with a value alive at the same time.
 */
public final class MemoryPlanner {
  /**
   * A value's need: its size and the node range in which it is alive.
   *
   * @param valueId the value
   * @param bytes its size
   * @param firstNode the node that first writes it
   * @param lastNode the last node that touches it
   */
  public record Lifetime(int valueId, long bytes, int firstNode, int lastNode) {
    boolean overlapsInTime(Lifetime o) {
      return firstNode <= o.lastNode && o.firstNode <= lastNode;
    }
  }

  private MemoryPlanner() {}

  /**
   * Plans the arena.
   *
   * @param lifetimes one entry per intermediate value
   * @param alignment offset alignment (the device's storage-buffer offset alignment)
   * @return offsets and sizes
   */
  public static MemoryPlan plan(List<Lifetime> lifetimes, long alignment) {
    List<Lifetime> order = new ArrayList<>(lifetimes);
    order.sort(
        Comparator.comparingLong(Lifetime::bytes).reversed().thenComparingInt(Lifetime::valueId));
    Map<Integer, Long> offsets = new HashMap<>();
    List<Lifetime> placed = new ArrayList<>();
    long total = 0;
    long unshared = 0;
    for (Lifetime l : order) {
      long size = alignUp(l.bytes(), alignment);
      unshared += size;
      List<long[]> busy = new ArrayList<>();
      for (Lifetime p : placed) {
        if (p.overlapsInTime(l)) {
          long off = offsets.get(p.valueId());
          busy.add(new long[] {off, off + alignUp(p.bytes(), alignment)});
        }
      }
      busy.sort(Comparator.comparingLong(r -> r[0]));
      long candidate = 0;
      for (long[] r : busy) {
        if (candidate + size <= r[0]) {
          break;
        }
        candidate = Math.max(candidate, r[1]);
      }
      offsets.put(l.valueId(), candidate);
      placed.add(l);
      total = Math.max(total, candidate + size);
    }
    return new MemoryPlan(offsets, total, unshared);
  }

  /**
   * Rounds up to a multiple of the alignment.
   *
   * @param x a size or offset
   * @param alignment a positive alignment
   * @return the aligned value
   */
  public static long alignUp(long x, long alignment) {
    return (x + alignment - 1) / alignment * alignment;
  }
}
