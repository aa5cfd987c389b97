package org.djlvulkan.backend.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Images at their own size for a model loaded with a {@link PixelInput}, which resizes, crops and
 * normalizes them in its first kernel: the host only decodes. A batch is two tensors in place of
 * the model's first input:
 *
 * <ul>
 *   <li>{@code uint8 [B]}: the images' decoded bytes one after another, {@code B} rounded up (see
 *       {@link #capacityFor}) so that batches of similar images share one recorded variant;
 *   <li>{@code int32 [N, 12]}: per image, where its bytes are and which window of it becomes the
 *       model's {@code H x W} input ({@link #WORDS} words, in the order of {@link Window} and
 *       {@link Layout}).
 * </ul>
 *
 * <p>Output pixel {@code (y, x)} of image {@code n} samples the image bilinearly at {@code sx =
 * clamp((left + x + 0.5) * scaleX - 0.5, 0, width - 1)} (and {@code sy} alike): the two
 * neighbouring columns {@code floor(sx)} and {@code min(floor(sx) + 1, width - 1)} are interpolated
 * along x in each of the two neighbouring rows, then the two rows along y, all in float32; the
 * result is normalized as {@link PixelInput#encode}. With {@code scale = source / resized} and
 * {@code left, top} the crop's offset in the resized image this is "resize, then crop" in one pass.
 */
public final class SourceImages {
  /** Table words per image. */
  public static final int WORDS = 12;

  /** The smallest byte capacity of a batch. */
  public static final long MIN_CAPACITY = 1L << 20;

  /**
   * The largest byte capacity of a batch: 128 MiB, the {@code maxStorageBufferRange} every Vulkan
   * device guarantees. A batch of larger images goes to the model another way (the zoo's translator
   * resizes it on the host into 8-bit images of the input's size).
   */
  public static final long MAX_CAPACITY = 1L << 27;

  private SourceImages() {}

  /**
   * Where an image's bytes are, relative to its first byte.
   *
   * @param width pixels per row
   * @param height rows
   * @param rowStride bytes from one row to the next
   * @param pixelStride bytes from one pixel to the next (3 for RGB or BGR, 4 with alpha, 1 for
   *     gray)
   * @param red offset of the red byte in a pixel
   * @param green offset of the green byte
   * @param blue offset of the blue byte
   */
  public record Layout(
      int width, int height, int rowStride, int pixelStride, int red, int green, int blue) {
    /** Checks the fields. */
    public Layout {
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException(
            "image size must be positive, got " + width + " x " + height);
      }
      if (pixelStride <= 0 || Math.max(red, Math.max(green, blue)) >= pixelStride) {
        throw new IllegalArgumentException(
            "pixel stride "
                + pixelStride
                + " must hold the channel offsets "
                + red
                + ", "
                + green
                + ", "
                + blue);
      }
      if (Math.min(red, Math.min(green, blue)) < 0
          || rowStride < (long) (width - 1) * pixelStride + pixelStride) {
        throw new IllegalArgumentException(
            "row stride "
                + rowStride
                + " is too short for "
                + width
                + " pixels of "
                + pixelStride
                + " bytes");
      }
    }

    /** Interleaved RGB rows without padding. */
    public static Layout rgb(int width, int height) {
      return new Layout(width, height, width * 3, 3, 0, 1, 2);
    }

    /** Returns the bytes from the first byte to just after the last pixel's last byte. */
    public long span() {
      return (long) (height - 1) * rowStride + (long) (width - 1) * pixelStride + pixelStride;
    }
  }

  /**
   * Which part of an image the model sees: output column {@code x} samples source column {@code
   * (left + x + 0.5) * scaleX - 0.5}, row {@code y} alike.
   *
   * @param left the crop's first column in the resized image
   * @param top the crop's first row in the resized image
   * @param scaleX source width / resized width
   * @param scaleY source height / resized height
   */
  public record Window(int left, int top, float scaleX, float scaleY) {
    /** Checks the scales. */
    public Window {
      if (!(scaleX > 0) || !(scaleY > 0) || Float.isInfinite(scaleX) || Float.isInfinite(scaleY)) {
        throw new IllegalArgumentException(
            "scales must be positive and finite, got " + scaleX + ", " + scaleY);
      }
    }
  }

  /**
   * Returns the byte capacity of a batch holding {@code bytes}: the next power of two, at least
   * {@link #MIN_CAPACITY}.
   *
   * @param bytes the images' bytes
   * @return the capacity
   */
  public static long capacityFor(long bytes) {
    long c = MIN_CAPACITY;
    while (c < bytes) {
      c <<= 1;
    }
    return c;
  }

  /**
   * Checks a batch's two tensors before the device reads them: every table row describes an image
   * that lies inside the bytes, with valid sizes, strides and scales.
   *
   * @param bytes the {@code uint8 [B]} tensor
   * @param table the {@code int32 [N, 12]} tensor
   * @return N, the number of images
   * @throws IllegalArgumentException naming the first bad row and what is wrong with it
   */
  public static int check(HostTensor bytes, HostTensor table) {
    long[] b = bytes.shape();
    long[] t = table.shape();
    if (bytes.type() != ElementType.UINT8 || b.length != 1) {
      throw new IllegalArgumentException(
          "source images: the bytes must be uint8 [B], got " + bytes);
    }
    if (table.type() != ElementType.INT32 || t.length != 2 || t[1] != WORDS || t[0] < 1) {
      throw new IllegalArgumentException(
          "source images: the table must be int32 [N, " + WORDS + "] with N >= 1, got " + table);
    }
    ByteBuffer words = table.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    for (int n = 0; n < t[0]; n++) {
      int base = n * WORDS * 4;
      long offset = words.getInt(base);
      try {
        Layout layout =
            new Layout(
                words.getInt(base + 4),
                words.getInt(base + 8),
                words.getInt(base + 12),
                words.getInt(base + 16),
                words.getInt(base + 20),
                words.getInt(base + 24),
                words.getInt(base + 28));
        new Window(
            words.getInt(base + 32),
            words.getInt(base + 36),
            words.getFloat(base + 40),
            words.getFloat(base + 44));
        if (offset < 0 || offset + layout.span() > b[0]) {
          throw new IllegalArgumentException(
              "its "
                  + layout.span()
                  + " bytes from byte "
                  + offset
                  + " pass the end of the "
                  + b[0]
                  + " bytes");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "source images: table row " + n + ": " + e.getMessage(), e);
      }
    }
    return (int) t[0];
  }

  /** Collects a batch's images into the two input tensors. */
  public static final class Batch {
    private final int count;
    private final ByteBuffer table;
    private final byte[][] data;
    private final int[] dataOffset;
    private final long[] at;
    private int added;
    private long bytes;

    /**
     * Starts a batch.
     *
     * @param count the number of images it will hold
     */
    public Batch(int count) {
      if (count <= 0) {
        throw new IllegalArgumentException("a batch holds at least one image, got " + count);
      }
      this.count = count;
      this.table = ByteBuffer.allocate(count * WORDS * 4).order(ByteOrder.LITTLE_ENDIAN);
      this.data = new byte[count][];
      this.dataOffset = new int[count];
      this.at = new long[count];
    }

    /**
     * Adds the next image.
     *
     * @param source the array holding its bytes (not copied until {@link #tensors})
     * @param offset index of its first byte in {@code source}
     * @param layout where its pixels are
     * @param window which part of it the model sees
     * @return this batch
     */
    public Batch add(byte[] source, int offset, Layout layout, Window window) {
      if (added == count) {
        throw new IllegalStateException("the batch already holds " + count + " images");
      }
      if (offset < 0 || offset + layout.span() > source.length) {
        throw new IllegalArgumentException(
            "image "
                + added
                + ": "
                + layout
                + " from byte "
                + offset
                + " does not fit in "
                + source.length
                + " bytes");
      }
      data[added] = source;
      dataOffset[added] = offset;
      at[added] = bytes;
      table
          .putInt(Math.toIntExact(bytes))
          .putInt(layout.width())
          .putInt(layout.height())
          .putInt(layout.rowStride())
          .putInt(layout.pixelStride())
          .putInt(layout.red())
          .putInt(layout.green())
          .putInt(layout.blue())
          .putInt(window.left())
          .putInt(window.top())
          .putFloat(window.scaleX())
          .putFloat(window.scaleY());
      // Words of 4 bytes keep each image's first byte aligned.
      bytes += (layout.span() + 3) & ~3L;
      added++;
      return this;
    }

    /** Returns whether the images added so far fit in {@link #MAX_CAPACITY} bytes. */
    public boolean fits() {
      return capacityFor(bytes) <= MAX_CAPACITY;
    }

    /**
     * Returns the two tensors: the bytes {@code uint8 [capacityFor(bytes)]} and the table {@code
     * int32 [N, 12]}.
     *
     * @return the tensors, bytes first
     * @throws IllegalStateException when fewer images were added than announced, or they do not
     *     {@link #fits() fit}
     */
    public List<HostTensor> tensors() {
      if (added != count) {
        throw new IllegalStateException("the batch holds " + added + " of " + count + " images");
      }
      if (!fits()) {
        throw new IllegalStateException(
            "the batch's images take "
                + bytes
                + " bytes, more than "
                + MAX_CAPACITY
                + " (the storage buffer every Vulkan device guarantees)");
      }
      long capacity = capacityFor(bytes);
      byte[] all = new byte[Math.toIntExact(capacity)];
      for (int i = 0; i < count; i++) {
        int len = (int) ((i + 1 < count ? at[i + 1] : bytes) - at[i]);
        len = (int) Math.min(len, data[i].length - (long) dataOffset[i]);
        System.arraycopy(data[i], dataOffset[i], all, (int) at[i], len);
      }
      return List.of(
          new HostTensor(ElementType.UINT8, new long[] {capacity}, ByteBuffer.wrap(all)),
          new HostTensor(ElementType.INT32, new long[] {count, WORDS}, table.duplicate().rewind()));
    }
  }
}
