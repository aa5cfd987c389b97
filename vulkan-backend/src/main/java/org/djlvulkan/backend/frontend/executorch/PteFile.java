package org.djlvulkan.backend.frontend.executorch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.djlvulkan.backend.frontend.executorch.schema.EtDataSegment;
import org.djlvulkan.backend.frontend.executorch.schema.EtNamedData;
import org.djlvulkan.backend.frontend.executorch.schema.EtProgram;
import org.djlvulkan.backend.model.ModelFormatException;

/**
 * An ExecuTorch program file ({@code .pte}), memory-mapped: the program flatbuffer (file identifier
 * {@code ET12} at byte 4), its extended header ({@code eh00} at byte 8: program size and the offset
 * of the first segment), the segments after the flatbuffer and the named data that points into
 * them. Every slice handed out is a view of the mapping, so weights are never copied on the way to
 * the device's staging buffers. Reads are bounds-checked: a damaged file is a {@link
 * ModelFormatException}, never a crash.
 */
public final class PteFile {
  /** The program flatbuffer's file identifier. */
  static final String IDENTIFIER = "ET12";

  private static final int EXTENDED_HEADER_OFFSET = 8;
  private static final int EXTENDED_HEADER_MIN_LENGTH = 24;

  private final String source;
  private final ByteBuffer bytes;
  private final EtProgram program;
  private final long segmentBase;
  private final Map<String, Integer> namedData = new HashMap<>();

  private PteFile(String source, ByteBuffer bytes) {
    this.source = source;
    this.bytes = bytes.order(ByteOrder.LITTLE_ENDIAN);
    if (!isProgram(bytes)) {
      throw new ModelFormatException(
          source, "not an ExecuTorch program (no file identifier " + IDENTIFIER + " at byte 4)");
    }
    long base = 0;
    if (bytes.limit() >= EXTENDED_HEADER_OFFSET + EXTENDED_HEADER_MIN_LENGTH
        && magic(bytes, EXTENDED_HEADER_OFFSET).equals("eh00")) {
      int headerLength = bytes.getInt(EXTENDED_HEADER_OFFSET + 4);
      long programSize = bytes.getLong(EXTENDED_HEADER_OFFSET + 8);
      base = bytes.getLong(EXTENDED_HEADER_OFFSET + 16);
      if (headerLength < EXTENDED_HEADER_MIN_LENGTH
          || programSize <= 0
          || programSize > bytes.limit()
          || base < 0
          || base > bytes.limit()) {
        throw new ModelFormatException(
            source,
            "damaged extended header: program size "
                + programSize
                + ", segment offset "
                + base
                + " in a file of "
                + bytes.limit()
                + " bytes");
      }
    }
    this.segmentBase = base;
    this.program = EtProgram.getRootAsEtProgram(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    for (int i = 0; i < program.namedDataLength(); i++) {
      EtNamedData d = program.namedData(i);
      namedData.put(d.key(), (int) d.segmentIndex());
    }
  }

  /**
   * Maps and checks a program file.
   *
   * @param file the file
   * @return the program
   * @throws ModelFormatException when it is not a readable ExecuTorch program
   * @throws UncheckedIOException when it cannot be read
   */
  public static PteFile open(Path file) {
    String source = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new ModelFormatException(source, "programs over 2 GiB are not supported");
      }
      ByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      return read(source, map);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("no such file: " + source, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  /**
   * Reads a program held in memory.
   *
   * @param source the name for messages
   * @param bytes the whole file
   * @return the program
   * @throws ModelFormatException when it is not a readable ExecuTorch program
   */
  public static PteFile read(String source, ByteBuffer bytes) {
    try {
      return new PteFile(source, bytes);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new ModelFormatException(source, "damaged program flatbuffer: " + e);
    }
  }

  /**
   * Returns whether bytes start like an ExecuTorch program (identifier {@code ET12} at byte 4).
   *
   * @param head the first bytes of a file (at least 8 for a yes)
   * @return true for a program
   */
  public static boolean isProgram(ByteBuffer head) {
    return head.limit() >= 8 && magic(head, 4).equals(IDENTIFIER);
  }

  static String magic(ByteBuffer b, int at) {
    char[] c = new char[4];
    for (int i = 0; i < 4; i++) {
      c[i] = (char) (b.get(at + i) & 0xff);
    }
    return new String(c);
  }

  /**
   * Checks a vector length read from the file before anything is allocated for it: a damaged length
   * cannot ask for more elements than the file has bytes.
   *
   * @param length the length read
   * @param elementBytes the bytes of one element
   * @param what what the vector is, for messages
   * @return the length
   */
  int checkLength(int length, int elementBytes, String what) {
    if (length < 0 || (long) length * elementBytes > bytes.limit()) {
      throw new ModelFormatException(
          source, what + " claims " + length + " elements, more than the file holds (damaged?)");
    }
    return length;
  }

  /** Returns the file's name for messages. */
  public String source() {
    return source;
  }

  /** Returns the program table. */
  EtProgram program() {
    return program;
  }

  /**
   * Returns a segment's bytes.
   *
   * @param index the segment
   * @return a little-endian view of the mapping
   */
  ByteBuffer segment(int index) {
    if (index < 0 || index >= program.segmentsLength()) {
      throw new ModelFormatException(
          source, "segment " + index + " does not exist (" + program.segmentsLength() + ")");
    }
    EtDataSegment s = program.segments(index);
    return slice(segmentBase + s.offset(), s.size(), "segment " + index);
  }

  /**
   * Returns a named data entry (weights stored by key).
   *
   * @param key the key
   * @return its segment's bytes
   */
  ByteBuffer named(String key) {
    Integer seg = namedData.get(key);
    if (seg == null) {
      throw new ModelFormatException(source, "named data '" + key + "' is not in the program");
    }
    return segment(seg);
  }

  /**
   * Returns a view of the file.
   *
   * @param offset the first byte
   * @param length the byte count
   * @param what what the bytes are, for messages
   * @return a little-endian view
   */
  ByteBuffer slice(long offset, long length, String what) {
    if (offset < 0 || length < 0 || offset + length > bytes.limit()) {
      throw new ModelFormatException(
          source,
          what
              + " ["
              + offset
              + ", +"
              + length
              + ") lies outside the file of "
              + bytes.limit()
              + " bytes (truncated?)");
    }
    return bytes.slice((int) offset, (int) length).order(ByteOrder.LITTLE_ENDIAN);
  }
}
