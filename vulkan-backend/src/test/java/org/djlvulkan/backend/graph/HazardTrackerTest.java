package org.djlvulkan.backend.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.djlvulkan.backend.graph.HazardTracker.Region;
import org.junit.jupiter.api.Test;

class HazardTrackerTest {
  private static Region read(long res, long off, long size) {
    return new Region(res, off, size, true, false);
  }

  private static Region write(long res, long off, long size) {
    return new Region(res, off, size, false, true);
  }

  @Test
  void readAfterWriteNeedsABarrier() {
    HazardTracker t = new HazardTracker();
    assertThat(t.access(List.of(write(0, 0, 64)))).isFalse();
    assertThat(t.access(List.of(read(0, 32, 64)))).isTrue();
  }

  @Test
  void writeAfterReadAndWriteAfterWriteNeedBarriers() {
    HazardTracker t = new HazardTracker();
    t.access(List.of(read(1, 0, 16)));
    assertThat(t.access(List.of(write(1, 8, 16)))).isTrue();
    assertThat(t.access(List.of(write(1, 10, 4)))).isTrue();
  }

  @Test
  void independentAccessesShareOneBarrierFreeStretch() {
    HazardTracker t = new HazardTracker();
    assertThat(t.access(List.of(write(0, 0, 64), read(5, 0, 10)))).isFalse();
    assertThat(t.access(List.of(write(0, 64, 64), read(5, 0, 10)))).isFalse();
    assertThat(t.access(List.of(read(6, 0, 64), write(7, 0, 64)))).isFalse();
    // Reads of one range by many nodes never conflict.
    assertThat(t.access(List.of(read(5, 0, 10)))).isFalse();
    // Touching what was written two nodes ago still needs one.
    assertThat(t.access(List.of(read(0, 100, 4)))).isTrue();
    // After that barrier the earlier writes are settled.
    assertThat(t.access(List.of(read(0, 0, 4)))).isFalse();
  }
}
