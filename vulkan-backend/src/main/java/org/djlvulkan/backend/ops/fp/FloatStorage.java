package org.djlvulkan.backend.ops.fp;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Float16;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * How float kernels store NC4HW4 activations: F32, or F16 in the fp16 precision mode (arithmetic
 * stays fp32; see {@code common.glslh}). The kernels that take both are built twice; this class
 * names the fp16 build of each and converts a value between the two storages.
 */
public final class FloatStorage {
  private static final String CAST_OP = "layout.nc4hw4_cast";

  private static final Map<KernelId, KernelId> HALF = halfKernels();

  private FloatStorage() {}

  private static Map<KernelId, KernelId> halfKernels() {
    Map<KernelId, KernelId> m = new EnumMap<>(KernelId.class);
    m.put(KernelId.GEMM_TILED_F32, KernelId.GEMM_TILED_F16);
    m.put(KernelId.GEMM_SHARED_F32, KernelId.GEMM_SHARED_F16);
    m.put(KernelId.GEMM_SHARED_PARTIAL_F32, KernelId.GEMM_SHARED_PARTIAL_F16);
    m.put(KernelId.GEMM_LARGE_F32, KernelId.GEMM_LARGE_F16);
    m.put(KernelId.GEMM_LARGE_PARTIAL_F32, KernelId.GEMM_LARGE_PARTIAL_F16);
    m.put(KernelId.GEMM_SPLIT_REDUCE_F32, KernelId.GEMM_SPLIT_REDUCE_F16);
    m.put(KernelId.CONV2D_IM2COL_F32, KernelId.CONV2D_IM2COL_F16);
    m.put(KernelId.GEMM_TILED_8X4_F32, KernelId.GEMM_TILED_8X4_F16);
    m.put(KernelId.CONV2D_DIRECT_F32, KernelId.CONV2D_DIRECT_F16);
    m.put(KernelId.CONV2D_DIRECT_4X4_F32, KernelId.CONV2D_DIRECT_4X4_F16);
    m.put(KernelId.CONV2D_DIRECT_GATHER_F32, KernelId.CONV2D_DIRECT_GATHER_F16);
    m.put(KernelId.CONV2D_DW_F32, KernelId.CONV2D_DW_F16);
    m.put(KernelId.CONV2D_DW3X3_F32, KernelId.CONV2D_DW3X3_F16);
    m.put(KernelId.CONV2D_DW3X3_ROWS_F32, KernelId.CONV2D_DW3X3_ROWS_F16);
    m.put(KernelId.CONV2D_DW3X3_ROWS_S2_F32, KernelId.CONV2D_DW3X3_ROWS_S2_F16);
    m.put(KernelId.MAX_POOL2D_F32, KernelId.MAX_POOL2D_F16);
    m.put(KernelId.AVG_POOL2D_F32, KernelId.AVG_POOL2D_F16);
    m.put(KernelId.BINARY_ADD_F32, KernelId.BINARY_ADD_F16);
    m.put(KernelId.BINARY_SUB_F32, KernelId.BINARY_SUB_F16);
    m.put(KernelId.BINARY_MUL_F32, KernelId.BINARY_MUL_F16);
    m.put(KernelId.CLAMP_F32, KernelId.CLAMP_F16);
    m.put(KernelId.CONCAT_CHANNELS_F32, KernelId.CONCAT_CHANNELS_F16);
    m.put(KernelId.NCHW_TO_NC4HW4, KernelId.NCHW_TO_NC4HW4_F16);
    m.put(KernelId.NC4HW4_TO_NCHW, KernelId.NC4HW4_F16_TO_NCHW);
    m.put(KernelId.HALF_NCHW_TO_NC4HW4, KernelId.HALF_NCHW_TO_NC4HW4_F16);
    m.put(KernelId.NC4HW4_TO_HALF_NCHW, KernelId.NC4HW4_F16_TO_HALF_NCHW);
    m.put(KernelId.SOFTMAX_CHANNEL_F32, KernelId.SOFTMAX_CHANNEL_F16);
    m.put(KernelId.SOFTMAX_STRIDED_F32, KernelId.SOFTMAX_STRIDED_F16);
    return m;
  }

  /**
   * Returns whether a value is float NC4HW4 (F32 or F16).
   *
   * @param v the value
   * @return true for F32 or F16 NC4HW4
   */
  public static boolean isFloatBlocked(Value v) {
    DType d = v.spec().dtype();
    return v.spec().layout() == Layout.NC4HW4 && (d == DType.F32 || d == DType.F16);
  }

  /**
   * Returns the number of vec4 groups a float NC4HW4 value holds (its region over the bytes of one
   * group in its storage).
   *
   * @param v an F32 or F16 NC4HW4 value
   * @return the groups
   */
  public static long vec4s(Value v) {
    return v.byteSize() / (4L * v.spec().dtype().bytes());
  }

  /**
   * Returns whether a float kernel has an fp16-storage build.
   *
   * @param f32 the kernel's fp32 build
   * @return true when {@link #kernel} can give an F16 build
   */
  static boolean hasHalf(KernelId f32) {
    return HALF.containsKey(f32);
  }

  /**
   * Returns the build of a float kernel for a storage.
   *
   * @param f32 the kernel's fp32 build
   * @param storage F32 or F16
   * @return the kernel
   * @throws IllegalArgumentException when the kernel has no fp16 build
   */
  public static KernelId kernel(KernelId f32, DType storage) {
    if (storage == DType.F32) {
      return f32;
    }
    KernelId half = HALF.get(f32);
    if (storage != DType.F16 || half == null) {
      throw new IllegalArgumentException(f32 + " has no build for " + storage + " activations");
    }
    return half;
  }

  /**
   * Adds the packed weights of a convolution or linear kernel in the storage of its activations:
   * fp32, or in the fp16 mode halves rounded to nearest even once here, which the fp16 builds of
   * the GEMMs and the direct and depthwise kernels read ({@code gemm_tiles.glslh}); they accumulate
   * in fp32.
   *
   * @param g the graph
   * @param name the constant's name
   * @param blocks the fp32 weights, packed for the kernel
   * @param storage F32 or F16, the activations' storage
   * @return the constant
   */
  public static Value weights(GraphBuilder g, String name, float[] blocks, DType storage) {
    if (storage == DType.F32) {
      return ConvWeightPacking.constant(g, name, blocks);
    }
    if (storage != DType.F16) {
      throw new IllegalArgumentException(
          name + ": no GEMM weights for " + storage + " activations");
    }
    return g.constant(
        name, TensorSpec.of(DType.F16, Layout.NCHW, blocks.length), Float16.narrow(blocks));
  }

  /**
   * Checks that a value is float NC4HW4 (either storage).
   *
   * @param op the op, for the message
   * @param v the value
   * @throws IllegalArgumentException otherwise, naming the op and the value
   */
  public static void require(String op, Value v) {
    if (!isFloatBlocked(v)) {
      throw new IllegalArgumentException(
          op + ": '" + v.name() + "' is " + v.spec() + ", expected F32 or F16 NC4HW4");
    }
  }

  /**
   * Checks that values share one float NC4HW4 storage and returns it.
   *
   * @param op the op, for the message
   * @param values the values
   * @return F32 or F16
   */
  static DType common(String op, List<Value> values) {
    DType d = null;
    for (Value v : values) {
      require(op, v);
      if (d != null && v.spec().dtype() != d) {
        throw new IllegalArgumentException(
            op + ": inputs mix F32 and F16 activations ('" + v.name() + "' is " + v.spec() + ")");
      }
      d = v.spec().dtype();
    }
    return d;
  }

  /**
   * Returns a float NC4HW4 value in a storage: the value itself, one noted to hold its data in that
   * storage, or a conversion (fp32 to fp16 rounds to nearest even; fp16 to fp32 is exact).
   *
   * @param g the graph
   * @param v an F32 or F16 NC4HW4 value
   * @param storage F32 or F16
   * @return the value in that storage
   */
  public static Value as(GraphBuilder g, Value v, DType storage) {
    require(CAST_OP, v);
    if (v.spec().dtype() == storage) {
      return v;
    }
    if (storage != DType.F32 && storage != DType.F16) {
      throw new IllegalArgumentException(CAST_OP + ": no NC4HW4 storage " + storage);
    }
    Value known = g.sameDataAs(v, storage, Layout.NC4HW4);
    if (known != null) {
      return known;
    }
    Value out =
        g.intermediate(
            v.name() + (storage == DType.F16 ? ".f16" : ".f32"),
            v.spec().with(storage, Layout.NC4HW4));
    g.noteSameData(v, out);
    long vec4s = vec4s(v);
    g.dispatch(
        CAST_OP,
        OpSupport.linearKernel(
            storage == DType.F16 ? KernelId.NC4HW4_F32_TO_F16 : KernelId.NC4HW4_F16_TO_F32),
        List.of(Binding.write(out), Binding.read(v)),
        PushConstants.words(1).i(Math.toIntExact(vec4s)).build(),
        OpSupport.linearGrid(g, vec4s));
    return out;
  }
}
