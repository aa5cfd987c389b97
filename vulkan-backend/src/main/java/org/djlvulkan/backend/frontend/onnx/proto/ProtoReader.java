package org.djlvulkan.backend.frontend.onnx.proto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.djlvulkan.backend.model.ModelFormatException;

/**
 * Reads protobuf wire format from a byte array with {@link CodedInputStream}, checking every length
 * against the bytes that remain in the enclosing message, bounding the nesting of messages and
 * rejecting group wire types (ONNX uses none). Byte fields are views of the array, not copies.
 * Errors become {@link ModelFormatException}s that name the source, the byte offset and the path of
 * messages being read.
 */
final class ProtoReader {
  /** The deepest nesting of messages accepted (ONNX graphs nest through attributes). */
  static final int MAX_DEPTH = 64;

  private final byte[] data;
  private final String source;
  private final CodedInputStream in;
  private final Deque<String> path = new ArrayDeque<>();

  ProtoReader(byte[] data, String source) {
    this.data = data;
    this.source = source;
    this.in = CodedInputStream.newInstance(data);
    try {
      in.pushLimit(data.length);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns a format exception naming the source, the current offset and the message path. */
  ModelFormatException error(String problem) {
    return new ModelFormatException(
        source,
        "malformed protobuf at byte "
            + in.getTotalBytesRead()
            + " in "
            + pathString()
            + ": "
            + problem);
  }

  private ModelFormatException error(IOException e) {
    return new ModelFormatException(
        source,
        null,
        null,
        "malformed protobuf at byte "
            + in.getTotalBytesRead()
            + " in "
            + pathString()
            + ": "
            + e.getMessage(),
        e);
  }

  private String pathString() {
    if (path.isEmpty()) {
      return "<top>";
    }
    StringBuilder sb = new StringBuilder();
    var it = path.descendingIterator();
    while (it.hasNext()) {
      sb.append(sb.length() == 0 ? "" : ".").append(it.next());
    }
    return sb.toString();
  }

  /** Returns the next tag, or 0 at the end of the current message. */
  int tag() {
    try {
      if (in.isAtEnd()) {
        return 0;
      }
      int tag = in.readTag();
      if (tag == 0) {
        throw error("field number 0");
      }
      return tag;
    } catch (IOException e) {
      throw error(e);
    }
  }

  static int field(int tag) {
    return WireFormat.getTagFieldNumber(tag);
  }

  static int wireType(int tag) {
    return WireFormat.getTagWireType(tag);
  }

  /** Reads a length prefix and checks it against the bytes left in the current message. */
  private int length() {
    try {
      int len = in.readRawVarint32();
      int left = in.getBytesUntilLimit();
      if (len < 0 || len > left) {
        throw error("length " + (len & 0xffffffffL) + " exceeds the " + left + " bytes left");
      }
      return len;
    } catch (IOException e) {
      throw error(e);
    }
  }

  private void expect(int tag, int wireType) {
    if (wireType(tag) != wireType) {
      throw error(
          "field " + field(tag) + " has wire type " + wireType(tag) + ", expected " + wireType);
    }
  }

  /**
   * Enters an embedded message (the tag has been read).
   *
   * @param tag the field's tag (must be length-delimited)
   * @param name the field's name, for messages
   * @return the limit to restore with {@link #end}
   */
  int begin(int tag, String name) {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    int len = length();
    if (path.size() >= MAX_DEPTH) {
      throw error("messages nested deeper than " + MAX_DEPTH);
    }
    path.push(name);
    try {
      return in.pushLimit(len);
    } catch (IOException e) {
      throw error(e);
    }
  }

  /** Leaves an embedded message; the whole message must have been read. */
  void end(int oldLimit) {
    try {
      if (!in.isAtEnd()) {
        throw error("message not fully read");
      }
    } catch (IOException e) {
      throw error(e);
    }
    in.popLimit(oldLimit);
    path.pop();
  }

  /** Renames the innermost message on the path (for example with its index once known). */
  void rename(String name) {
    if (!path.isEmpty()) {
      path.pop();
    }
    path.push(name);
  }

  long int64(int tag) {
    expect(tag, WireFormat.WIRETYPE_VARINT);
    try {
      return in.readRawVarint64();
    } catch (IOException e) {
      throw error(e);
    }
  }

  int int32(int tag) {
    return (int) int64(tag);
  }

  float float32(int tag) {
    expect(tag, WireFormat.WIRETYPE_FIXED32);
    try {
      return in.readFloat();
    } catch (IOException e) {
      throw error(e);
    }
  }

  /** Reads a length-delimited field as a read-only little-endian view of the source bytes. */
  ByteBuffer bytes(int tag) {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    int len = length();
    int start = in.getTotalBytesRead();
    skipRaw(len);
    return ByteBuffer.wrap(data, start, len)
        .slice()
        .asReadOnlyBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  String string(int tag) {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    int len = length();
    int start = in.getTotalBytesRead();
    skipRaw(len);
    return new String(data, start, len, StandardCharsets.UTF_8);
  }

  private void skipRaw(int len) {
    try {
      in.skipRawBytes(len);
    } catch (IOException e) {
      throw error(e);
    }
  }

  /** Reads one varint element, or a packed run of them, into {@code out}. */
  void varints(int tag, LongList out) {
    if (wireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int old = begin(tag, "packed field " + field(tag));
      try {
        while (!in.isAtEnd()) {
          out.add(in.readRawVarint64());
        }
      } catch (IOException e) {
        throw error(e);
      }
      end(old);
    } else {
      out.add(int64(tag));
    }
  }

  /** Reads one float element, or a packed run of them, into {@code out}. */
  void floats(int tag, LongList out) {
    fixed(tag, out, 4, WireFormat.WIRETYPE_FIXED32);
  }

  /** Reads one 64-bit fixed element (double bits), or a packed run, into {@code out}. */
  void fixed64s(int tag, LongList out) {
    fixed(tag, out, 8, WireFormat.WIRETYPE_FIXED64);
  }

  private void fixed(int tag, LongList out, int size, int wireType) {
    try {
      if (wireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int len = length();
        if (len % size != 0) {
          throw error(
              "packed field " + field(tag) + " of " + len + " bytes is not a multiple of " + size);
        }
        out.reserve(len / size);
        for (int i = 0; i < len / size; i++) {
          out.add(
              size == 4 ? in.readRawLittleEndian32() & 0xffffffffL : in.readRawLittleEndian64());
        }
      } else {
        expect(tag, wireType);
        out.add(size == 4 ? in.readRawLittleEndian32() & 0xffffffffL : in.readRawLittleEndian64());
      }
    } catch (IOException e) {
      throw error(e);
    }
  }

  /** Skips a field ONNX does not need; groups are rejected. */
  void skip(int tag) {
    try {
      switch (wireType(tag)) {
        case WireFormat.WIRETYPE_VARINT:
          in.readRawVarint64();
          break;
        case WireFormat.WIRETYPE_FIXED64:
          in.skipRawBytes(8);
          break;
        case WireFormat.WIRETYPE_LENGTH_DELIMITED:
          in.skipRawBytes(length());
          break;
        case WireFormat.WIRETYPE_FIXED32:
          in.skipRawBytes(4);
          break;
        default:
          throw error("field " + field(tag) + " has unsupported wire type " + wireType(tag));
      }
    } catch (IOException e) {
      throw error(e);
    }
  }

  /** A growable list of longs (no boxing: element counts are bounded only by the file size). */
  static final class LongList {
    private long[] values = new long[8];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = v;
    }

    void reserve(int more) {
      if (size + more > values.length) {
        values = Arrays.copyOf(values, Math.max(size + more, values.length * 2));
      }
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }

    float[] toFloats() {
      float[] out = new float[size];
      for (int i = 0; i < size; i++) {
        out[i] = Float.intBitsToFloat((int) values[i]);
      }
      return out;
    }

    double[] toDoubles() {
      double[] out = new double[size];
      for (int i = 0; i < size; i++) {
        out[i] = Double.longBitsToDouble(values[i]);
      }
      return out;
    }
  }
}
