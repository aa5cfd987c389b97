package org.djlvulkan.backend.frontend.onnx.proto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.tensor.Float16;

/**
 * A dense tensor in host memory: element type, shape, and little-endian row-major bytes. The form
 * of every initializer and folded constant. Immutable (the bytes are a read-only view).
 *
 * @param type element type
 * @param shape dimensions (non-negative)
 * @param data exactly {@code count * type.bytes()} bytes, position 0, little-endian
 */
public record TensorData(DataType type, long[] shape, ByteBuffer data) {
  /** The largest tensor accepted, in bytes. */
  public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  /** Checks the byte count and makes the buffer a read-only little-endian view. */
  public TensorData {
    shape = shape.clone();
    long need = byteCount(type, shape);
    if (data.remaining() != need) {
      throw new IllegalArgumentException(
          type + Arrays.toString(shape) + " needs " + need + " bytes, got " + data.remaining());
    }
    data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Returns the bytes a tensor of a type and shape takes.
   *
   * @param type the element type
   * @param shape the dimensions, none negative
   * @return the byte count
   * @throws ArithmeticException when it overflows a long
   */
  public static long byteCount(DataType type, long[] shape) {
    long n = type.bytes();
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * Returns a float tensor.
   *
   * @param values the values (copied)
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorData ofFloats(float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new TensorData(DataType.FLOAT, shape, b);
  }

  /**
   * Returns an int64 tensor.
   *
   * @param values the values (copied)
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorData ofLongs(long[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new TensorData(DataType.INT64, shape, b);
  }

  /**
   * Returns a tensor of any type from doubles, converted as ONNX Cast does for in-range values
   * (floats round to nearest, integers truncate toward zero and wrap).
   *
   * @param type the element type
   * @param values the values
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorData ofDoubles(DataType type, double[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      switch (type) {
        case FLOAT:
          b.putFloat((float) v);
          break;
        case DOUBLE:
          b.putDouble(v);
          break;
        case FLOAT16:
          b.putShort(Float16.fromFloat((float) v));
          break;
        case BFLOAT16:
          b.putShort((short) (Float.floatToIntBits((float) v) >>> 16));
          break;
        case BOOL:
          b.put((byte) (v != 0 ? 1 : 0));
          break;
        case UINT8:
        case INT8:
          b.put((byte) (long) v);
          break;
        case UINT16:
        case INT16:
          b.putShort((short) (long) v);
          break;
        case INT32:
        case UINT32:
          b.putInt((int) (long) v);
          break;
        default:
          b.putLong((long) v);
      }
    }
    return new TensorData(type, shape, b.flip());
  }

  /**
   * Returns a host tensor of the model contract as tensor data (the same bytes).
   *
   * @param t the host tensor
   * @return the tensor
   */
  public static TensorData of(HostTensor t) {
    return new TensorData(DataType.fromCode(t.type().onnxCode()), t.shape(), t.data().duplicate());
  }

  /** Returns the number of elements. */
  public long count() {
    return data.remaining() / type.bytes();
  }

  /** Returns the rank. */
  public int rank() {
    return shape.length;
  }

  /** Returns the dimensions (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /**
   * Returns element {@code i} as a double (exact for every type but 64-bit integers beyond 2^53).
   *
   * @param i the row-major index
   * @return the value
   */
  public double getDouble(int i) {
    switch (type) {
      case FLOAT:
        return data.getFloat(4 * i);
      case DOUBLE:
        return data.getDouble(8 * i);
      case FLOAT16:
        return Float16.toFloat(data.getShort(2 * i));
      case BFLOAT16:
        return Float.intBitsToFloat((data.getShort(2 * i) & 0xffff) << 16);
      default:
        return type == DataType.UINT64 && getLong(i) < 0
            ? Math.scalb((double) (getLong(i) >>> 1), 1)
            : getLong(i);
    }
  }

  /**
   * Returns element {@code i} as a long (floats truncate toward zero).
   *
   * @param i the row-major index
   * @return the value
   */
  public long getLong(int i) {
    switch (type) {
      case UINT8:
        return data.get(i) & 0xff;
      case INT8:
        return data.get(i);
      case BOOL:
        return data.get(i) != 0 ? 1 : 0;
      case UINT16:
        return data.getShort(2 * i) & 0xffff;
      case INT16:
        return data.getShort(2 * i);
      case INT32:
        return data.getInt(4 * i);
      case UINT32:
        return data.getInt(4 * i) & 0xffffffffL;
      case INT64:
      case UINT64:
        return data.getLong(8 * i);
      default:
        return (long) getDouble(i);
    }
  }

  /** Returns all elements as floats. */
  public float[] toFloats() {
    float[] out = new float[Math.toIntExact(count())];
    if (type == DataType.FLOAT) {
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) getDouble(i);
    }
    return out;
  }

  /** Returns all elements as doubles. */
  public double[] toDoubles() {
    double[] out = new double[Math.toIntExact(count())];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** Returns all elements as longs. */
  public long[] toLongs() {
    long[] out = new long[Math.toIntExact(count())];
    for (int i = 0; i < out.length; i++) {
      out[i] = getLong(i);
    }
    return out;
  }

  /**
   * Returns the same elements under another shape (same count).
   *
   * @param newShape the dimensions
   * @return the tensor
   */
  public TensorData reshape(long... newShape) {
    return new TensorData(type, newShape, data);
  }

  /**
   * Returns this tensor as a host tensor of the model contract.
   *
   * @throws IllegalArgumentException for types the contract has no element type for
   */
  public HostTensor toHostTensor() {
    return new HostTensor(ElementType.fromOnnx(type.code()), shape, data.duplicate());
  }

  @Override
  public String toString() {
    return type + Arrays.toString(shape);
  }

  /**
   * Resolves a decoded tensor's data: {@code raw_data}, the typed field of its type, or external
   * data in a file inside {@code baseDir}.
   *
   * @param t the decoded tensor
   * @param source the model's file or display name, for messages
   * @param baseDir the model's folder, or null when the model has none (then external data is an
   *     error)
   * @return the tensor
   * @throws ModelFormatException for bad dimensions, data that does not match them, and external
   *     data outside {@code baseDir}
   * @throws UnsupportedModelException for non-numeric types, segments and tensors over 2 GiB
   */
  public static TensorData resolve(TensorProto t, String source, Path baseDir) {
    String what = "tensor '" + t.name() + "'";
    DataType type = DataType.fromCode(t.dataType());
    if (type == null) {
      throw new UnsupportedModelException(
          source, what + " has unsupported element type " + DataType.nameOf(t.dataType()));
    }
    if (t.segmented()) {
      throw new UnsupportedModelException(source, what + " is stored in segments");
    }
    long bytes;
    try {
      bytes = byteCount(type, t.dims());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ModelFormatException(
          source, what + " has impossible dimensions " + Arrays.toString(t.dims()));
    }
    if (bytes > MAX_BYTES) {
      throw new UnsupportedModelException(
          source,
          what + " " + Arrays.toString(t.dims()) + " takes " + bytes + " bytes, over 2 GiB");
    }
    long count = bytes / type.bytes();
    ByteBuffer data;
    if (t.external()) {
      data = external(t, source, baseDir, bytes);
    } else if (t.raw() != null) {
      data = t.raw();
      if (data.remaining() != bytes) {
        throw shortData(
            source, what, type, t, bytes + " bytes of raw_data", "has " + data.remaining());
      }
    } else {
      data = typed(t, type, (int) count, source, what);
    }
    return new TensorData(type, t.dims(), data);
  }

  private static ByteBuffer typed(
      TensorProto t, DataType type, int count, String source, String what) {
    ByteBuffer b = ByteBuffer.allocate(count * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    int have;
    switch (type) {
      case FLOAT:
        have = t.floatData().length;
        if (have == count) {
          b.asFloatBuffer().put(t.floatData());
        }
        break;
      case DOUBLE:
        have = t.doubleData().length;
        if (have == count) {
          b.asDoubleBuffer().put(t.doubleData());
        }
        break;
      case INT64:
        have = t.int64Data().length;
        if (have == count) {
          b.asLongBuffer().put(t.int64Data());
        }
        break;
      case UINT32:
      case UINT64:
        have = t.uint64Data().length;
        if (have == count) {
          for (long v : t.uint64Data()) {
            if (type == DataType.UINT32) {
              b.putInt((int) v);
            } else {
              b.putLong(v);
            }
          }
        }
        break;
      default:
        // int32_data carries INT32, INT16, INT8, UINT16, UINT8, BOOL, FLOAT16 and BFLOAT16.
        have = t.int32Data().length;
        if (have == count) {
          for (long v : t.int32Data()) {
            switch (type.bytes()) {
              case 1:
                b.put((byte) v);
                break;
              case 2:
                b.putShort((short) v);
                break;
              default:
                b.putInt((int) v);
            }
          }
        }
    }
    if (have != count) {
      throw shortData(source, what, type, t, count + " values", "its typed data field has " + have);
    }
    return b.rewind();
  }

  private static ByteBuffer external(TensorProto t, String source, Path baseDir, long bytes) {
    String what = "tensor '" + t.name() + "'";
    String location = t.externalData().get("location");
    if (location == null || location.isEmpty()) {
      throw new ModelFormatException(source, what + ": external data without a location");
    }
    if (baseDir == null) {
      throw new ModelFormatException(
          source,
          what
              + ": external data '"
              + location
              + "' needs the model's folder; load it from a file");
    }
    Path rel;
    try {
      rel = Path.of(location);
    } catch (InvalidPathException e) {
      throw new ModelFormatException(
          source, what + ": bad external data location '" + location + "'");
    }
    boolean parent = false;
    for (Path part : rel) {
      parent |= part.toString().equals("..");
    }
    if (rel.isAbsolute() || parent || location.startsWith("/") || location.startsWith("\\")) {
      throw new ModelFormatException(
          source, what + ": external data location '" + location + "' escapes the model's folder");
    }
    long offset = parseLong(t, "offset", 0, source);
    long length = parseLong(t, "length", bytes, source);
    if (length != bytes) {
      throw new ModelFormatException(
          source, what + ": external data length " + length + " != the " + bytes + " bytes needed");
    }
    try {
      Path base = baseDir.toRealPath();
      Path file = base.resolve(rel).toRealPath();
      if (!file.startsWith(base)) {
        throw new ModelFormatException(
            source,
            what + ": external data location '" + location + "' escapes the model's folder");
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        if (offset < 0 || offset > ch.size() || ch.size() - offset < length) {
          throw new ModelFormatException(
              source,
              what
                  + ": external data '"
                  + location
                  + "' has "
                  + ch.size()
                  + " bytes, "
                  + length
                  + " needed at offset "
                  + offset);
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        while (b.hasRemaining()) {
          if (ch.read(b, offset + b.position()) < 0) {
            throw new ModelFormatException(
                source, what + ": external data '" + location + "' ended");
          }
        }
        return b.flip();
      }
    } catch (NoSuchFileException e) {
      throw new ModelFormatException(
          source, what + ": external data file '" + location + "' does not exist");
    } catch (IOException e) {
      throw new ModelFormatException(
          source, null, null, what + ": cannot read external data '" + location + "'", e);
    }
  }

  private static long parseLong(TensorProto t, String key, long dflt, String source) {
    String v = t.externalData().get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ModelFormatException(
          source,
          "tensor '" + t.name() + "': external data " + key + " '" + v + "' is not a number");
    }
  }

  private static ModelFormatException shortData(
      String source, String what, DataType type, TensorProto t, String needs, String found) {
    return new ModelFormatException(
        source, what + " " + type + Arrays.toString(t.dims()) + " needs " + needs + ", " + found);
  }
}
