package org.djlvulkan.shaders.build;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.djlvulkan.shaders.BindingInfo;
import org.djlvulkan.shaders.SpecConstantInfo;

/**
 * Reads what a pipeline needs from a compute SPIR-V module: descriptor bindings, the push-constant
 * block size and the specialization constants. It parses the binary directly and understands the
 * subset of SPIR-V that glslang emits for buffer-only compute shaders.
 *
 * <p>Only what is in the module is reported: an optimized module has lost unused bindings and
 * specialization constants, and the debug names ({@code OpName}) of what is left. Specialization
 * constants without a name are called {@code local_size_x} (and {@code _y}, {@code _z}) when they
 * are workgroup size components, else {@code spec_<SpecId>}.
 */
public final class SpirvReflector {

  /** The first word of every SPIR-V module. */
  public static final int MAGIC = 0x07230203;

  // Opcodes.
  private static final int OP_NAME = 5;
  private static final int OP_EXECUTION_MODE = 16;
  private static final int OP_TYPE_BOOL = 20;
  private static final int OP_TYPE_INT = 21;
  private static final int OP_TYPE_FLOAT = 22;
  private static final int OP_TYPE_VECTOR = 23;
  private static final int OP_TYPE_MATRIX = 24;
  private static final int OP_TYPE_ARRAY = 28;
  private static final int OP_TYPE_RUNTIME_ARRAY = 29;
  private static final int OP_TYPE_STRUCT = 30;
  private static final int OP_TYPE_POINTER = 32;
  private static final int OP_CONSTANT = 43;
  private static final int OP_SPEC_CONSTANT_TRUE = 48;
  private static final int OP_SPEC_CONSTANT_FALSE = 49;
  private static final int OP_SPEC_CONSTANT = 50;
  private static final int OP_SPEC_CONSTANT_COMPOSITE = 51;
  private static final int OP_VARIABLE = 59;
  private static final int OP_DECORATE = 71;
  private static final int OP_MEMBER_DECORATE = 72;
  private static final int OP_EXECUTION_MODE_ID = 331;

  // Decorations.
  private static final int DEC_SPEC_ID = 1;
  private static final int DEC_BUFFER_BLOCK = 3;
  private static final int DEC_ROW_MAJOR = 4;
  private static final int DEC_ARRAY_STRIDE = 6;
  private static final int DEC_MATRIX_STRIDE = 7;
  private static final int DEC_BUILT_IN = 11;
  private static final int DEC_NON_WRITABLE = 24;
  private static final int DEC_BINDING = 33;
  private static final int DEC_DESCRIPTOR_SET = 34;
  private static final int DEC_OFFSET = 35;

  private static final int BUILT_IN_WORKGROUP_SIZE = 25;
  private static final int MODE_LOCAL_SIZE_ID = 38;

  // Storage classes.
  private static final int SC_UNIFORM_CONSTANT = 0;
  private static final int SC_UNIFORM = 2;
  private static final int SC_PUSH_CONSTANT = 9;
  private static final int SC_STORAGE_BUFFER = 12;

  private static final String[] LOCAL_SIZE_NAMES = {"local_size_x", "local_size_y", "local_size_z"};

  /**
   * What a module needs from a pipeline.
   *
   * @param bindings the descriptor bindings, sorted by set and binding
   * @param pushConstantBytes the push-constant block size in bytes, 0 if there is none
   * @param specConstants the specialization constants, sorted by SpecId
   */
  public record Reflection(
      List<BindingInfo> bindings, int pushConstantBytes, List<SpecConstantInfo> specConstants) {

    /**
     * Makes the lists unmodifiable.
     *
     * @param bindings the descriptor bindings
     * @param pushConstantBytes the push-constant block size
     * @param specConstants the specialization constants
     */
    public Reflection {
      bindings = List.copyOf(bindings);
      specConstants = List.copyOf(specConstants);
    }
  }

  private SpirvReflector() {}

  /**
   * Reflects a module given as bytes in either byte order (told apart by the magic word).
   *
   * @param spirv the module
   * @return the reflection
   * @throws IllegalArgumentException if the bytes are not a well-formed SPIR-V module, or use
   *     something this reflector does not support (image or sampler descriptors, descriptor arrays,
   *     specialization constants that are not 32-bit scalars or bool)
   */
  public static Reflection reflect(byte[] spirv) {
    if (spirv.length < 20 || spirv.length % 4 != 0) {
      throw new IllegalArgumentException(
          "not a SPIR-V module: " + spirv.length + " bytes is not a whole number of words");
    }
    ByteBuffer buffer = ByteBuffer.wrap(spirv).order(ByteOrder.LITTLE_ENDIAN);
    if (buffer.getInt(0) != MAGIC) {
      buffer.order(ByteOrder.BIG_ENDIAN);
    }
    int[] words = new int[spirv.length / 4];
    buffer.asIntBuffer().get(words);
    return reflect(words);
  }

  /**
   * Reflects a module given as words.
   *
   * @param words the module's words, starting with {@link #MAGIC}
   * @return the reflection
   * @throws IllegalArgumentException as {@link #reflect(byte[])}
   */
  public static Reflection reflect(int[] words) {
    if (words.length < 5 || words[0] != MAGIC) {
      throw new IllegalArgumentException(
          "not a SPIR-V module: magic word "
              + (words.length == 0 ? "missing" : String.format("0x%08x", words[0])));
    }
    return new Module(words).reflect();
  }

  /** The parsed parts of one module. */
  private static final class Module {
    final Map<Integer, String> names = new HashMap<>();

    /** Target id -> decoration -> literal operands. */
    final Map<Integer, Map<Integer, int[]>> decorations = new HashMap<>();

    /** Struct id -> member -> decoration -> literal operands. */
    final Map<Integer, Map<Integer, Map<Integer, int[]>>> memberDecorations = new HashMap<>();

    /** Type id -> the defining instruction's words (opcode word included). */
    final Map<Integer, int[]> types = new HashMap<>();

    /** Scalar integer constant id -> value (low 32 bits). */
    final Map<Integer, Long> constants = new HashMap<>();

    /** Spec constant id -> the defining instruction's words. */
    final Map<Integer, int[]> specConstants = new HashMap<>();

    /** Spec constant composite id -> constituent ids. */
    final Map<Integer, int[]> specComposites = new HashMap<>();

    /** OpVariable instructions at module scope. */
    final List<int[]> variables = new ArrayList<>();

    /** Workgroup size constant ids from OpExecutionModeId LocalSizeId. */
    int[] localSizeIds;

    Module(int[] words) {
      int i = 5;
      while (i < words.length) {
        int opcode = words[i] & 0xffff;
        int count = words[i] >>> 16;
        if (count == 0 || i + count > words.length) {
          throw new IllegalArgumentException(
              "malformed SPIR-V: instruction at word " + i + " has word count " + count);
        }
        int[] inst = new int[count];
        System.arraycopy(words, i, inst, 0, count);
        parse(opcode, inst);
        i += count;
      }
    }

    private void parse(int opcode, int[] inst) {
      switch (opcode) {
        case OP_NAME:
          names.put(inst[1], string(inst, 2));
          break;
        case OP_DECORATE:
          decorations.computeIfAbsent(inst[1], k -> new HashMap<>()).put(inst[2], tail(inst, 3));
          break;
        case OP_MEMBER_DECORATE:
          memberDecorations
              .computeIfAbsent(inst[1], k -> new HashMap<>())
              .computeIfAbsent(inst[2], k -> new HashMap<>())
              .put(inst[3], tail(inst, 4));
          break;
        case OP_EXECUTION_MODE_ID:
        case OP_EXECUTION_MODE:
          if (opcode == OP_EXECUTION_MODE_ID && inst[2] == MODE_LOCAL_SIZE_ID) {
            localSizeIds = tail(inst, 3);
          }
          break;
        case OP_CONSTANT:
          constants.put(inst[2], inst[3] & 0xffffffffL);
          break;
        case OP_SPEC_CONSTANT:
        case OP_SPEC_CONSTANT_TRUE:
        case OP_SPEC_CONSTANT_FALSE:
          specConstants.put(inst[2], inst);
          break;
        case OP_SPEC_CONSTANT_COMPOSITE:
          specComposites.put(inst[2], tail(inst, 3));
          break;
        case OP_VARIABLE:
          variables.add(inst);
          break;
        default:
          if (isType(opcode)) {
            types.put(inst[1], inst);
          }
      }
    }

    private static boolean isType(int opcode) {
      return (opcode >= 19 && opcode <= 39) || opcode == 322 || opcode == 4456 || opcode == 5358;
    }

    Reflection reflect() {
      return new Reflection(bindings(), pushConstantBytes(), specConstantInfos());
    }

    private List<BindingInfo> bindings() {
      Map<Long, BindingInfo> bySetAndBinding = new TreeMap<>();
      for (int[] var : variables) {
        int storageClass = var[3];
        if (storageClass != SC_UNIFORM
            && storageClass != SC_STORAGE_BUFFER
            && storageClass != SC_UNIFORM_CONSTANT) {
          continue;
        }
        int id = var[2];
        String what = describe(id);
        Map<Integer, int[]> decs = decorations.getOrDefault(id, Map.of());
        int[] binding = decs.get(DEC_BINDING);
        if (binding == null) {
          throw new IllegalArgumentException(what + " has no binding decoration");
        }
        int[] set = decs.get(DEC_DESCRIPTOR_SET);
        int[] pointer = type(var[1]);
        int[] pointee = type(pointer[3]);
        int pointeeOp = pointee[0] & 0xffff;
        if (pointeeOp == OP_TYPE_ARRAY || pointeeOp == OP_TYPE_RUNTIME_ARRAY) {
          throw new IllegalArgumentException(what + " is an array of descriptors: not supported");
        }
        if (storageClass == SC_UNIFORM_CONSTANT || pointeeOp != OP_TYPE_STRUCT) {
          throw new IllegalArgumentException(
              what
                  + " is an image, sampler or other opaque descriptor: only buffers are supported");
        }
        int structId = pointee[1];
        BindingInfo.Kind kind =
            storageClass == SC_STORAGE_BUFFER || hasDecoration(structId, DEC_BUFFER_BLOCK)
                ? BindingInfo.Kind.STORAGE_BUFFER
                : BindingInfo.Kind.UNIFORM_BUFFER;
        boolean readOnly =
            kind == BindingInfo.Kind.UNIFORM_BUFFER
                || decs.containsKey(DEC_NON_WRITABLE)
                || allMembersNonWritable(pointee);
        BindingInfo info = new BindingInfo(set == null ? 0 : set[0], binding[0], kind, readOnly);
        long key = ((long) info.set() << 32) | info.binding();
        BindingInfo previous = bySetAndBinding.get(key);
        if (previous != null) {
          // Several blocks may alias one binding (e.g. float[] and vec4[] views of one buffer).
          if (previous.kind() != info.kind()) {
            throw new IllegalArgumentException(
                "set "
                    + info.set()
                    + " binding "
                    + info.binding()
                    + " is declared both as "
                    + previous.kind()
                    + " and as "
                    + info.kind());
          }
          info =
              new BindingInfo(
                  info.set(), info.binding(), info.kind(), info.readOnly() && previous.readOnly());
        }
        bySetAndBinding.put(key, info);
      }
      return new ArrayList<>(bySetAndBinding.values());
    }

    private boolean allMembersNonWritable(int[] struct) {
      int members = struct.length - 2;
      if (members == 0) {
        return false;
      }
      Map<Integer, Map<Integer, int[]>> byMember =
          memberDecorations.getOrDefault(struct[1], Map.of());
      for (int m = 0; m < members; m++) {
        if (!byMember.getOrDefault(m, Map.of()).containsKey(DEC_NON_WRITABLE)) {
          return false;
        }
      }
      return true;
    }

    private int pushConstantBytes() {
      long size = 0;
      for (int[] var : variables) {
        if (var[3] == SC_PUSH_CONSTANT) {
          size = Math.max(size, sizeOf(type(var[1])[3], null));
        }
      }
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("push-constant block too large: " + size + " bytes");
      }
      return (int) size;
    }

    /**
     * The byte size of a type in an explicitly laid-out block.
     *
     * @param typeId the type
     * @param memberDecs the decorations of the struct member holding it, for matrix layout
     */
    private long sizeOf(int typeId, Map<Integer, int[]> memberDecs) {
      int[] t = type(typeId);
      switch (t[0] & 0xffff) {
        case OP_TYPE_BOOL:
          return 4;
        case OP_TYPE_INT:
        case OP_TYPE_FLOAT:
          return t[2] / 8;
        case OP_TYPE_VECTOR:
          return t[3] * sizeOf(t[2], null);
        case OP_TYPE_MATRIX:
          {
            int columns = t[3];
            int rows = type(t[2])[3];
            int[] stride = memberDecs == null ? null : memberDecs.get(DEC_MATRIX_STRIDE);
            if (stride == null) {
              return columns * sizeOf(t[2], null);
            }
            boolean rowMajor = memberDecs.containsKey(DEC_ROW_MAJOR);
            return (long) (rowMajor ? rows : columns) * stride[0];
          }
        case OP_TYPE_ARRAY:
          {
            long length = arrayLength(t[3]);
            int[] stride = decorations.getOrDefault(t[1], Map.of()).get(DEC_ARRAY_STRIDE);
            return length * (stride != null ? stride[0] : sizeOf(t[2], memberDecs));
          }
        case OP_TYPE_RUNTIME_ARRAY:
          return 0;
        case OP_TYPE_STRUCT:
          {
            long size = 0;
            Map<Integer, Map<Integer, int[]>> byMember =
                memberDecorations.getOrDefault(t[1], Map.of());
            for (int m = 0; m < t.length - 2; m++) {
              Map<Integer, int[]> decs = byMember.getOrDefault(m, Map.of());
              int[] offset = decs.get(DEC_OFFSET);
              if (offset == null) {
                throw new IllegalArgumentException(
                    "member " + m + " of " + describe(t[1]) + " has no Offset decoration");
              }
              size = Math.max(size, (offset[0] & 0xffffffffL) + sizeOf(t[m + 2], decs));
            }
            return size;
          }
        default:
          throw new IllegalArgumentException(
              "cannot size type %" + typeId + " (opcode " + (t[0] & 0xffff) + ")");
      }
    }

    private long arrayLength(int lengthId) {
      Long value = constants.get(lengthId);
      if (value != null) {
        return value;
      }
      int[] spec = specConstants.get(lengthId);
      if (spec != null && (spec[0] & 0xffff) == OP_SPEC_CONSTANT) {
        return spec[3] & 0xffffffffL; // the default value
      }
      throw new IllegalArgumentException("array length %" + lengthId + " is not a constant");
    }

    private List<SpecConstantInfo> specConstantInfos() {
      Map<Integer, String> workgroupNames = new HashMap<>();
      for (Map.Entry<Integer, int[]> composite : specComposites.entrySet()) {
        int[] builtIn = decorations.getOrDefault(composite.getKey(), Map.of()).get(DEC_BUILT_IN);
        if (builtIn != null && builtIn[0] == BUILT_IN_WORKGROUP_SIZE) {
          nameWorkgroupSize(composite.getValue(), workgroupNames);
        }
      }
      if (localSizeIds != null) {
        nameWorkgroupSize(localSizeIds, workgroupNames);
      }
      List<SpecConstantInfo> result = new ArrayList<>();
      for (Map.Entry<Integer, int[]> spec : specConstants.entrySet()) {
        int id = spec.getKey();
        int[] specId = decorations.getOrDefault(id, Map.of()).get(DEC_SPEC_ID);
        if (specId == null) {
          continue;
        }
        String name = names.get(id);
        if (name == null || name.isEmpty()) {
          name = workgroupNames.getOrDefault(id, "spec_" + specId[0]);
        }
        result.add(new SpecConstantInfo(specId[0], name, specType(spec.getValue(), name)));
      }
      result.sort(Comparator.comparingInt(SpecConstantInfo::id));
      for (int i = 1; i < result.size(); i++) {
        if (result.get(i).id() == result.get(i - 1).id()) {
          throw new IllegalArgumentException(
              "SpecId "
                  + result.get(i).id()
                  + " is used by both '"
                  + result.get(i - 1).name()
                  + "' and '"
                  + result.get(i).name()
                  + "'");
        }
      }
      return result;
    }

    private void nameWorkgroupSize(int[] ids, Map<Integer, String> into) {
      for (int axis = 0; axis < Math.min(3, ids.length); axis++) {
        into.putIfAbsent(ids[axis], LOCAL_SIZE_NAMES[axis]);
      }
    }

    private SpecConstantInfo.Type specType(int[] inst, String name) {
      int[] t = type(inst[1]);
      int op = t[0] & 0xffff;
      if (op == OP_TYPE_BOOL) {
        return SpecConstantInfo.Type.BOOL;
      }
      if ((op == OP_TYPE_INT || op == OP_TYPE_FLOAT) && t[2] == 32) {
        if (op == OP_TYPE_FLOAT) {
          return SpecConstantInfo.Type.FLOAT;
        }
        return t[3] != 0 ? SpecConstantInfo.Type.INT : SpecConstantInfo.Type.UINT;
      }
      throw new IllegalArgumentException(
          "specialization constant '"
              + name
              + "' has an unsupported type (opcode "
              + op
              + ", "
              + (t.length > 2 ? t[2] : 0)
              + " bits): only 32-bit int, uint, float and bool are supported");
    }

    private boolean hasDecoration(int id, int decoration) {
      return decorations.getOrDefault(id, Map.of()).containsKey(decoration);
    }

    private int[] type(int id) {
      int[] t = types.get(id);
      if (t == null) {
        throw new IllegalArgumentException("malformed SPIR-V: %" + id + " is not a type");
      }
      return t;
    }

    private String describe(int id) {
      String name = names.get(id);
      return name == null || name.isEmpty() ? "variable %" + id : "'" + name + "'";
    }

    private static int[] tail(int[] inst, int from) {
      int[] out = new int[Math.max(0, inst.length - from)];
      System.arraycopy(inst, Math.min(from, inst.length), out, 0, out.length);
      return out;
    }

    private static String string(int[] inst, int from) {
      byte[] bytes = new byte[(inst.length - from) * 4];
      int n = 0;
      outer:
      for (int w = from; w < inst.length; w++) {
        for (int b = 0; b < 4; b++) {
          int c = (inst[w] >>> (8 * b)) & 0xff;
          if (c == 0) {
            break outer;
          }
          bytes[n++] = (byte) c;
        }
      }
      return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
  }
}
