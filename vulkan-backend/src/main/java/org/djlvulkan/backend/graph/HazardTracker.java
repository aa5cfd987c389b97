package org.djlvulkan.backend.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides where barriers go: it remembers the buffer ranges read and written since the last barrier
 * and asks for a new one before an access that would race with them (read after write, write after
 * read, write after write). Ranges are compared by address, so values that share arena memory are
 * tracked correctly.
 */
public final class HazardTracker {
  /**
   * A range of a buffer touched by a node.
   *
   * @param resource which buffer (an id the caller assigns)
   * @param offset first byte
   * @param size bytes
   * @param write whether the node writes it
   * @param read whether the node reads it
   */
  public record Region(long resource, long offset, long size, boolean read, boolean write) {
    boolean overlaps(Region o) {
      return resource == o.resource && offset < o.offset + o.size && o.offset < offset + size;
    }
  }

  private final List<Region> pending = new ArrayList<>();

  /**
   * Records a node's accesses and returns whether a barrier must precede it.
   *
   * @param accesses the ranges the node reads and writes
   * @return true when the node conflicts with an access since the last barrier
   */
  public boolean access(List<Region> accesses) {
    boolean barrier = false;
    for (Region a : accesses) {
      for (Region p : pending) {
        if (a.overlaps(p) && (p.write() || a.write())) {
          barrier = true;
          break;
        }
      }
      if (barrier) {
        break;
      }
    }
    if (barrier) {
      pending.clear();
    }
    pending.addAll(accesses);
    return barrier;
  }
}
