package org.djlvulkan.backend.memory;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;

/**
 * Copies large inputs into mapped staging memory on several threads: one thread's copy into mapped
 * memory ran at about 9 GB/s on the H100 machine, 16.5 ms for a batch of 256 float images, a third
 * of the run. Small copies stay on the calling thread.
 */
public final class ParallelCopy {
  /** Copies below this many bytes use the calling thread. */
  static final int MIN_PARALLEL_BYTES = 8 << 20;

  /** Each thread copies at least this many bytes. */
  static final int MIN_CHUNK_BYTES = 2 << 20;

  /** The most threads one copy uses. */
  static final int MAX_THREADS = 8;

  private ParallelCopy() {}

  /**
   * Copies {@code src}'s remaining bytes to {@code dst} from its position; neither buffer's
   * position changes.
   *
   * @param dst the destination, with room for them
   * @param src the source
   */
  public static void copy(ByteBuffer dst, ByteBuffer src) {
    int bytes = src.remaining();
    if (bytes > dst.remaining()) {
      throw new IllegalArgumentException(
          "copy of " + bytes + " bytes into " + dst.remaining() + " bytes");
    }
    int threads =
        Math.min(
            Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()),
            bytes / MIN_CHUNK_BYTES);
    if (bytes < MIN_PARALLEL_BYTES || threads < 2) {
      dst.duplicate().put(src.duplicate());
      return;
    }
    // Chunks of whole 64-byte lines, the last one takes the rest.
    int chunk = (bytes / threads) & ~63;
    IntStream.range(0, threads)
        .parallel()
        .forEach(
            t -> {
              int from = t * chunk;
              int to = t == threads - 1 ? bytes : from + chunk;
              ByteBuffer s = src.duplicate();
              s.position(src.position() + from).limit(src.position() + to);
              ByteBuffer d = dst.duplicate();
              d.position(dst.position() + from);
              d.put(s);
            });
  }
}
