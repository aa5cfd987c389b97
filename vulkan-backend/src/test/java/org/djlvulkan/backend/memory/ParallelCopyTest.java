package org.djlvulkan.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParallelCopyTest {
  @Test
  void copiesEveryByteOfLargeAndSmallBuffersWithoutMovingPositions() {
    for (int bytes : new int[] {0, 17, ParallelCopy.MIN_PARALLEL_BYTES + 12_345, 3 << 23}) {
      byte[] data = new byte[bytes + 7];
      new Random(bytes).nextBytes(data);
      ByteBuffer src = ByteBuffer.wrap(data).position(7);
      ByteBuffer dst = ByteBuffer.allocateDirect(bytes + 100).position(50);
      ParallelCopy.copy(dst, src);
      assertThat(src.position()).isEqualTo(7);
      assertThat(dst.position()).isEqualTo(50);
      byte[] copied = new byte[bytes];
      dst.duplicate().get(copied);
      byte[] expected = new byte[bytes];
      System.arraycopy(data, 7, expected, 0, bytes);
      assertThat(copied).as("%d bytes", bytes).isEqualTo(expected);
      assertThat(dst.get(49)).isZero();
      assertThat(dst.get(50 + bytes)).isZero();
    }
  }

  @Test
  void refusesACopyThatDoesNotFit() {
    assertThatThrownBy(() -> ParallelCopy.copy(ByteBuffer.allocate(3), ByteBuffer.allocate(4)))
        .hasMessageContaining("4 bytes into 3");
  }
}
