package org.djlvulkan.backend.frontend.executorch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.djlvulkan.backend.frontend.executorch.schema.VkGraph;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.model.ModelFormatException;

/**
 * The payload of ExecuTorch's Vulkan delegate: a 30-byte header ({@code VH00} at bytes 4-8; a u16
 * header length at 8, u32 flatbuffer offset at 10 and size at 14, u32 constant-bytes offset at 18
 * and u64 size at 22), the {@code VkGraph} flatbuffer (identifier {@code VK00}), and the constant
 * bytes that weights without a named key point into.
 */
final class VulkanPayload {
  /** The delegate's id in a program's {@code delegates} table. */
  static final String BACKEND_ID = "VulkanBackend";

  private static final int HEADER_LENGTH = 30;

  private final String source;
  private final ByteBuffer constants;
  private final VkGraph graph;

  private VulkanPayload(String source, ByteBuffer payload) {
    this.source = source;
    ByteBuffer p = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (p.limit() < HEADER_LENGTH || !PteFile.magic(p, 4).equals("VH00")) {
      throw new ModelFormatException(source, "the Vulkan delegate payload has no VH00 header");
    }
    int headerLength = Short.toUnsignedInt(p.getShort(8));
    long fbOffset = Integer.toUnsignedLong(p.getInt(10));
    long fbSize = Integer.toUnsignedLong(p.getInt(14));
    long constOffset = Integer.toUnsignedLong(p.getInt(18));
    long constSize = p.getLong(22);
    if (headerLength < HEADER_LENGTH
        || fbOffset < headerLength
        || fbOffset + fbSize > p.limit()
        || constSize < 0
        || constOffset + constSize > p.limit()) {
      throw new ModelFormatException(
          source,
          "damaged Vulkan delegate header (flatbuffer "
              + fbOffset
              + "+"
              + fbSize
              + ", constants "
              + constOffset
              + "+"
              + constSize
              + " in "
              + p.limit()
              + " bytes)");
    }
    ByteBuffer fb = p.slice((int) fbOffset, (int) fbSize).order(ByteOrder.LITTLE_ENDIAN);
    if (fb.limit() < 8 || !PteFile.magic(fb, 4).equals("VK00")) {
      throw new ModelFormatException(source, "the Vulkan delegate holds no VkGraph (VK00)");
    }
    this.graph = VkGraph.getRootAsVkGraph(fb);
    this.constants = p.slice((int) constOffset, (int) constSize).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Reads a payload.
   *
   * @param source the file, for messages
   * @param payload the delegate's processed bytes
   * @return the payload
   */
  static VulkanPayload read(String source, ByteBuffer payload) {
    return new VulkanPayload(source, payload);
  }

  VkGraph graph() {
    return graph;
  }

  ByteBuffer constantBytes(long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > constants.limit()) {
      throw new ModelFormatException(
          source, "constant bytes [" + offset + ", +" + length + ") lie outside the payload");
    }
    return constants.slice((int) offset, (int) length).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Maps a {@code VkDataType} code to an element type. */
  static DataType dataType(byte code, String source) {
    switch (code) {
      case 0:
        return DataType.BOOL;
      case 1:
        return DataType.UINT8;
      case 2:
        return DataType.INT8;
      case 3:
        return DataType.INT32;
      case 4:
        return DataType.FLOAT16;
      case 5:
        return DataType.FLOAT;
      case 6:
        return DataType.DOUBLE;
      case 7:
        return DataType.INT64;
      default:
        throw new ModelFormatException(source, "VkGraph tensor type " + code + " is unknown");
    }
  }
}
