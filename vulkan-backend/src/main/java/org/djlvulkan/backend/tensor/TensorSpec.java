package org.djlvulkan.backend.tensor;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a tensor is: its logical shape (NCHW order), element type, memory layout and, for int8, its
 * quantization. Immutable.
 */
public final class TensorSpec {
  private final long[] shape;
  private final DType dtype;
  private final Layout layout;
  private final QuantParams quant;

  private TensorSpec(long[] shape, DType dtype, Layout layout, QuantParams quant) {
    for (long d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("tensor dimensions must be positive: " + str(shape));
      }
    }
    if (layout != Layout.NCHW && shape.length > 4) {
      throw new IllegalArgumentException(layout + " needs rank <= 4, got " + str(shape));
    }
    if (layout == Layout.NC4HW4 && dtype != DType.F32 && dtype != DType.F16) {
      throw new IllegalArgumentException("NC4HW4 holds F32 or F16, not " + dtype);
    }
    if (layout.isInt8Packed() && (dtype != DType.I8 || quant == null)) {
      throw new IllegalArgumentException(
          layout + " holds quantized I8 (with scale and zero point)");
    }
    this.shape = shape.clone();
    this.dtype = dtype;
    this.layout = layout;
    this.quant = quant;
  }

  /**
   * Creates a float or integer tensor description.
   *
   * @param dtype element type
   * @param layout memory layout
   * @param shape logical dimensions, NCHW order
   * @return the description
   */
  public static TensorSpec of(DType dtype, Layout layout, long... shape) {
    return new TensorSpec(shape, dtype, layout, null);
  }

  /**
   * Creates a quantized int8 tensor description.
   *
   * @param layout memory layout
   * @param quant scale and zero point
   * @param shape logical dimensions, NCHW order
   * @return the description
   */
  public static TensorSpec quantized(Layout layout, QuantParams quant, long... shape) {
    return new TensorSpec(shape, DType.I8, layout, quant);
  }

  /** Returns a copy of the logical dimensions. */
  public long[] shape() {
    return shape.clone();
  }

  /** Returns the rank. */
  public int rank() {
    return shape.length;
  }

  /** Returns the element type. */
  public DType dtype() {
    return dtype;
  }

  /** Returns the memory layout. */
  public Layout layout() {
    return layout;
  }

  /** Returns the quantization of an int8 tensor. */
  public Optional<QuantParams> quant() {
    return Optional.ofNullable(quant);
  }

  /** Returns the number of logical elements. */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * Returns a dimension of the 4-D view {@code [N, C, H, W]}: lower ranks are padded with trailing
   * 1s.
   *
   * @param axis 0..3
   * @return the dimension
   */
  public long dim4(int axis) {
    return axis < shape.length ? shape[axis] : 1;
  }

  /** Returns N of the 4-D view. */
  public int n() {
    return Math.toIntExact(dim4(0));
  }

  /** Returns C of the 4-D view. */
  public int c() {
    return Math.toIntExact(dim4(1));
  }

  /** Returns H of the 4-D view. */
  public int h() {
    return Math.toIntExact(dim4(2));
  }

  /** Returns W of the 4-D view. */
  public int w() {
    return Math.toIntExact(dim4(3));
  }

  /**
   * Returns the size of the tensor's buffer region in bytes, padding included. An NCHW region is
   * rounded up to whole 32-bit words, so that kernels may read and write elements narrower than 32
   * bits (float16, int8) as parts of {@code uint} words without reaching past the region.
   */
  public long byteSize() {
    switch (layout) {
      case NCHW:
        return (dataBytes() + 3) / 4 * 4;
      case NC4HW4:
        return dim4(0) * ceil4(dim4(1)) * dim4(2) * dim4(3) * 4L * dtype.bytes();
      case INT8_4C1W:
        return dim4(0) * dim4(2) * ceil4(dim4(1)) * dim4(3) * 4;
      case INT8_4W4C:
        return dim4(0) * dim4(2) * ceil4(dim4(3)) * ceil4(dim4(1)) * 16;
      default:
        throw new IllegalStateException("unknown layout " + layout);
    }
  }

  /**
   * Returns the bytes of the tensor's data as the host sees it: {@code elementCount *
   * dtype.bytes()} for NCHW (without the word padding of {@link #byteSize()}), the whole region for
   * packed layouts.
   */
  public long dataBytes() {
    return layout == Layout.NCHW ? elementCount() * dtype.bytes() : byteSize();
  }

  /**
   * Returns {@code ceil(x / 4)}.
   *
   * @param x a non-negative count
   * @return the number of groups of 4
   */
  public static long ceil4(long x) {
    return (x + 3) / 4;
  }

  /**
   * Returns a copy with another layout (and the same quantization).
   *
   * @param newLayout the layout
   * @param newType the element type
   * @return the new description
   */
  public TensorSpec with(DType newType, Layout newLayout) {
    return new TensorSpec(shape, newType, newLayout, newType == DType.I8 ? quant : null);
  }

  private static String str(long[] s) {
    return Arrays.toString(s);
  }

  @Override
  public String toString() {
    return dtype
        + str(shape)
        + "@"
        + layout
        + (quant == null ? "" : "(s=" + quant.scale() + ",z=" + quant.zeroPoint() + ")");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t
        && Arrays.equals(shape, t.shape)
        && dtype == t.dtype
        && layout == t.layout
        && java.util.Objects.equals(quant, t.quant);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + dtype.hashCode() * 7 + layout.hashCode();
  }
}
