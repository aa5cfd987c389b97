package org.djlvulkan.shaders.build;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the function-local arrays of a SPIR-V module that are indexed by a value that is not a
 * constant. GPU compilers keep a local array in registers only while every index is known at
 * compile time; one run-time index puts the whole array in (slow, off-chip) local memory. A GEMM's
 * accumulators indexed from a loop that the optimizer could not unroll (a {@code continue}, or an
 * early {@code return} inlined into the loop) ran six times slower on an H100.
 */
public final class LocalArrayIndexing {
  private static final int OP_NAME = 5;
  private static final int OP_TYPE_ARRAY = 28;
  private static final int OP_TYPE_POINTER = 32;
  private static final int OP_CONSTANT = 43;
  private static final int OP_SPEC_CONSTANT = 50;
  private static final int OP_VARIABLE = 59;
  private static final int OP_ACCESS_CHAIN = 65;
  private static final int OP_IN_BOUNDS_ACCESS_CHAIN = 66;
  private static final int SC_FUNCTION = 7;

  private LocalArrayIndexing() {}

  /**
   * Returns the function-local arrays indexed at run time.
   *
   * @param spirv a SPIR-V module, in either byte order
   * @return the arrays' names where the module keeps them (else {@code %id}), sorted
   * @throws IllegalArgumentException if the bytes are not a SPIR-V module
   */
  public static Set<String> runtimeIndexedArrays(ByteBuffer spirv) {
    ByteBuffer b = spirv.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < 20 || b.remaining() % 4 != 0) {
      throw new IllegalArgumentException("not a SPIR-V module: " + b.remaining() + " bytes");
    }
    if (b.getInt(b.position()) != SpirvReflector.MAGIC) {
      b.order(ByteOrder.BIG_ENDIAN);
    }
    int[] words = new int[b.remaining() / 4];
    b.asIntBuffer().get(words);
    if (words[0] != SpirvReflector.MAGIC) {
      throw new IllegalArgumentException("not a SPIR-V module: bad magic word");
    }
    Map<Integer, String> names = new HashMap<>();
    Set<Integer> constants = new HashSet<>();
    Set<Integer> arrayTypes = new HashSet<>();
    Set<Integer> arrayPointers = new HashSet<>();
    Set<Integer> localArrays = new HashSet<>();
    Set<String> found = new TreeSet<>();
    for (int i = 5; i < words.length; ) {
      int opcode = words[i] & 0xffff;
      int count = words[i] >>> 16;
      if (count == 0 || i + count > words.length) {
        throw new IllegalArgumentException("malformed SPIR-V at word " + i);
      }
      switch (opcode) {
        case OP_NAME -> names.put(words[i + 1], literalString(words, i + 2, i + count));
        case OP_TYPE_ARRAY -> arrayTypes.add(words[i + 1]);
        case OP_TYPE_POINTER -> {
          if (words[i + 2] == SC_FUNCTION && arrayTypes.contains(words[i + 3])) {
            arrayPointers.add(words[i + 1]);
          }
        }
        case OP_CONSTANT, OP_SPEC_CONSTANT -> constants.add(words[i + 2]);
        case OP_VARIABLE -> {
          if (words[i + 3] == SC_FUNCTION && arrayPointers.contains(words[i + 1])) {
            localArrays.add(words[i + 2]);
          }
        }
        case OP_ACCESS_CHAIN, OP_IN_BOUNDS_ACCESS_CHAIN -> {
          int base = words[i + 3];
          if (localArrays.contains(base)) {
            for (int k = i + 4; k < i + count; k++) {
              if (!constants.contains(words[k])) {
                found.add(names.getOrDefault(base, "%" + base));
              }
            }
          }
        }
        default -> {}
      }
      i += count;
    }
    return found;
  }

  private static String literalString(int[] words, int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int k = from; k < to; k++) {
      for (int shift = 0; shift < 32; shift += 8) {
        int c = (words[k] >>> shift) & 0xff;
        if (c == 0) {
          return s.toString();
        }
        s.append((char) c);
      }
    }
    return s.toString();
  }
}
