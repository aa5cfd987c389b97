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
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.UnsupportedModelException;

/**
 * Turns a decoded ONNX {@code TensorProto} into the IR's {@link TensorData}: its {@code raw_data},
 * the typed field of its element type, or external data memory-mapped from a file beside the model.
 */
public final class TensorProtoData {
  private TensorProtoData() {}

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
      bytes = TensorData.byteCount(type, t.dims());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ModelFormatException(
          source, what + " has impossible dimensions " + Arrays.toString(t.dims()));
    }
    if (bytes > TensorData.MAX_BYTES) {
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
