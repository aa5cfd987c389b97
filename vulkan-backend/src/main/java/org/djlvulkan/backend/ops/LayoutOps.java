package org.djlvulkan.backend.ops;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.model.PixelInput;
import org.djlvulkan.backend.model.SourceImages;
import org.djlvulkan.backend.ops.fp.FloatStorage;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Layout conversions at the graph's edges and between kernels: NCHW fp32 to and from NC4HW4, and
 * NCHW fp32 to and from int8 4C1W / 4W4C with quantization.
 */
public final class LayoutOps {
  private static final String TO_NCHW_OP = "layout.nc4hw4_to_nchw";
  private static final String QUANTIZE_OP = "quantized_decomposed.quantize_per_tensor.default";

  private LayoutOps() {}

  private static byte[] dimsPush(Value v, int extraWords) {
    PushConstants pc = PushConstants.words(4 + extraWords);
    for (int d : OpSupport.dims4(v)) {
      pc.i(d);
    }
    return pc.build();
  }

  /** Push constants of the (de)quantize kernels: N, C, H, W, a scale factor, the zero point. */
  private static byte[] quantPush(Value v, float scaleFactor, int zeroPoint) {
    return quantPush(v, scaleFactor, zeroPoint, 0).build();
  }

  /** The dims of {@code v}, the factor and the zero point, with room for {@code more} words. */
  private static PushConstants quantPush(Value v, float scaleFactor, int zeroPoint, int more) {
    PushConstants pc = PushConstants.words(6 + more);
    for (int d : OpSupport.dims4(v)) {
      pc.i(d);
    }
    return pc.f(scaleFactor).i(zeroPoint);
  }

  /** Checks that {@code in} is what the quantize kernels read: F32 NCHW of rank 4 at most. */
  private static void requireQuantizable(Value in) {
    OpSupport.require(QUANTIZE_OP, in, DType.F32, Layout.NCHW);
    OpSupport.requireRank4(QUANTIZE_OP, in);
  }

  /** Dispatches a quantize kernel writing {@code out} from {@code in}, one invocation per word. */
  private static Value dispatchQuantize(
      GraphBuilder g, KernelId kernel, Value out, Value in, byte[] push) {
    g.dispatch(
        QUANTIZE_OP,
        OpSupport.linearKernel(kernel),
        List.of(Binding.write(out), Binding.read(in)),
        push,
        OpSupport.linearGrid(g, out.byteSize() / 4));
    return out;
  }

  /**
   * NCHW fp32 to NC4HW4.
   *
   * @param g the graph
   * @param in an F32 NCHW value of rank at most 4
   * @return the NC4HW4 value
   */
  public static Value toNc4hw4(GraphBuilder g, Value in) {
    return toNc4hw4(g, in, DType.F32);
  }

  /**
   * NCHW fp32 to NC4HW4 in a storage: F32, or F16 for the fp16 precision mode (rounded to nearest
   * even in the same dispatch).
   *
   * @param g the graph
   * @param in an F32 NCHW value of rank at most 4
   * @param storage F32 or F16
   * @return the NC4HW4 value
   */
  public static Value toNc4hw4(GraphBuilder g, Value in, DType storage) {
    String op = "layout.nchw_to_nc4hw4";
    OpSupport.require(op, in, DType.F32, Layout.NCHW);
    OpSupport.requireRank4(op, in);
    Value known = g.sameDataAs(in, storage, Layout.NC4HW4);
    if (known != null) {
      return known;
    }
    Value out =
        g.intermediate(
            in.name() + (storage == DType.F16 ? ".nc4hw4.f16" : ".nc4hw4"),
            in.spec().with(storage, Layout.NC4HW4));
    g.noteSameData(in, out);
    g.dispatch(
        op,
        OpSupport.linearKernel(FloatStorage.kernel(KernelId.NCHW_TO_NC4HW4, storage)),
        List.of(Binding.write(out), Binding.read(in)),
        dimsPush(in, 0),
        OpSupport.linearGrid(g, FloatStorage.vec4s(out)));
    return out;
  }

  /**
   * 8-bit images {@code [N, H, W, 3]} to normalized fp32 NC4HW4 {@code [N, 3, H, W]}.
   *
   * @param g the graph
   * @param in the bytes, a U8 value of shape {@code [N, H, W, 3]}
   * @param pixels the normalization
   * @return the NC4HW4 value
   */
  public static Value pixelsToNc4hw4(GraphBuilder g, Value in, PixelInput pixels) {
    String op = "layout.pixels_u8_to_nc4hw4";
    OpSupport.require(op, in, DType.U8, Layout.NCHW);
    long[] s = in.spec().shape();
    if (s.length != 4 || s[3] != 3) {
      throw new IllegalArgumentException(op + ": images must be [N, H, W, 3], got " + in.spec());
    }
    Value out =
        g.intermediate(
            in.name() + ".pixels",
            TensorSpec.of(DType.F32, Layout.NC4HW4, new long[] {s[0], 3, s[1], s[2]}));
    g.dispatch(
        op,
        OpSupport.linearKernel(KernelId.PIXELS_U8_TO_NC4HW4),
        List.of(Binding.write(out), Binding.read(in)),
        normalization(s[0], s[1], s[2], pixels),
        OpSupport.linearGrid(g, s[0] * s[1] * s[2]));
    return out;
  }

  /**
   * Images at their own size ({@link SourceImages}) to the model's normalized fp32 NC4HW4 input
   * {@code [N, 3, H, W]}: each image's crop window resampled bilinearly, then normalized, in one
   * dispatch.
   *
   * @param g the graph
   * @param bytes the images' bytes, a U8 value of shape {@code [B]}
   * @param table the images' table, a U8 value of shape {@code [N, 48]} (12 words per image)
   * @param height the model's input height
   * @param width the model's input width
   * @param pixels the normalization
   * @return the NC4HW4 value
   */
  public static Value sourceImagesToNc4hw4(
      GraphBuilder g, Value bytes, Value table, int height, int width, PixelInput pixels) {
    String op = "layout.source_images_to_nc4hw4";
    OpSupport.require(op, bytes, DType.U8, Layout.NCHW);
    OpSupport.require(op, table, DType.U8, Layout.NCHW);
    long[] t = table.spec().shape();
    if (bytes.spec().shape().length != 1
        || t.length != 2
        || t[1] != SourceImages.WORDS * 4L
        || height <= 0
        || width <= 0) {
      throw new IllegalArgumentException(
          op
              + ": expected bytes [B], a table [N, "
              + SourceImages.WORDS * 4
              + "] and a positive size, got "
              + bytes.spec()
              + ", "
              + table.spec()
              + ", "
              + height
              + " x "
              + width);
    }
    long n = t[0];
    Value out =
        g.intermediate(
            bytes.name() + ".pixels",
            TensorSpec.of(DType.F32, Layout.NC4HW4, new long[] {n, 3, height, width}));
    g.dispatch(
        op,
        OpSupport.linearKernel(KernelId.SOURCE_IMAGES_TO_NC4HW4),
        List.of(Binding.write(out), Binding.read(bytes), Binding.read(table)),
        normalization(n, height, width, pixels),
        OpSupport.linearGrid(g, n * height * width));
    return out;
  }

  /**
   * The push constants of the two image kernels: the output's {@code N, 3, H, W}, then the pixel
   * input's means and scale, standard deviations and source channels.
   */
  private static byte[] normalization(long n, long height, long width, PixelInput pixels) {
    PushConstants pc = PushConstants.words(16);
    pc.i((int) n).i(3).i((int) height).i((int) width);
    float[] mean = pixels.mean();
    float[] std = pixels.std();
    int[] src = pixels.sourceChannel();
    pc.f(mean[0]).f(mean[1]).f(mean[2]).f(pixels.scale());
    pc.f(std[0]).f(std[1]).f(std[2]).f(1f);
    pc.i(src[0]).i(src[1]).i(src[2]).i(0);
    return pc.build();
  }

  /**
   * NC4HW4 to NCHW fp32: the NCHW value the input was converted from where there is one (a graph
   * input read by a quantization, say), else a conversion.
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @return the NCHW value
   */
  public static Value toNchw(GraphBuilder g, Value in) {
    FloatStorage.require(TO_NCHW_OP, in);
    Value known = g.sameDataAs(in, DType.F32, Layout.NCHW);
    return known != null ? known : convertToNchw(g, in);
  }

  /**
   * NC4HW4 to NCHW fp32 in a value that can be a graph output (a value of its own, made by a node).
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @return the NCHW value
   */
  public static Value toNchwOutput(GraphBuilder g, Value in) {
    Value out = toNchw(g, in);
    return g.canBeOutput(out) ? out : convertToNchw(g, in);
  }

  private static Value convertToNchw(GraphBuilder g, Value in) {
    String op = TO_NCHW_OP;
    Value out = g.intermediate(in.name() + ".nchw", in.spec().with(DType.F32, Layout.NCHW));
    g.noteSameData(in, out);
    g.dispatch(
        op,
        OpSupport.linearKernel(FloatStorage.kernel(KernelId.NC4HW4_TO_NCHW, in.spec().dtype())),
        List.of(Binding.write(out), Binding.read(in)),
        dimsPush(in, 0),
        OpSupport.linearGrid(g, in.spec().elementCount()));
    return out;
  }

  /**
   * Quantizes NCHW fp32 to a packed int8 layout: {@code q = clamp(roundEven(x / s) + z)}, where
   * {@code 1 / s} is computed once on the host.
   *
   * @param g the graph
   * @param in an F32 NCHW value of rank at most 4
   * @param quant the output's scale and zero point
   * @param layout {@link Layout#INT8_4C1W} or {@link Layout#INT8_4W4C}
   * @return the int8 value
   */
  public static Value quantize(GraphBuilder g, Value in, QuantParams quant, Layout layout) {
    requireQuantizable(in);
    if (!layout.isInt8Packed()) {
      throw new IllegalArgumentException(
          QUANTIZE_OP + ": target layout must be int8 packed: " + layout);
    }
    Value out =
        g.intermediate(in.name() + ".q8", TensorSpec.quantized(layout, quant, in.spec().shape()));
    KernelId kernel =
        layout == Layout.INT8_4W4C
            ? KernelId.QUANTIZE_NCHW_TO_4W4C
            : KernelId.QUANTIZE_NCHW_TO_4C1W;
    return dispatchQuantize(
        g, kernel, out, in, quantPush(in, quant.inverseScale(), quant.zeroPoint()));
  }

  /**
   * Quantizes NCHW fp32 as {@link #quantize} does, into the 2 x 2 space-to-depth of the input in
   * {@link Layout#INT8_4W4C}: {@code [N, 4C, H / 2, W / 2]}, whose channel {@code (2 * sy + sx) * C
   * + c} at {@code (y, x)} is the code of input channel {@code c} at {@code (2y + sy, 2x + sx)}.
   *
   * @param g the graph
   * @param in an F32 NCHW value of rank 4 with even H and W
   * @param quant the output's scale and zero point
   * @return the int8 value
   */
  public static Value quantizeSpaceToDepth(GraphBuilder g, Value in, QuantParams quant) {
    requireQuantizable(in);
    int[] d = OpSupport.dims4(in);
    if (d[2] % 2 != 0 || d[3] % 2 != 0) {
      throw new IllegalArgumentException(
          QUANTIZE_OP + ": space-to-depth needs an even height and width: " + in.spec());
    }
    long[] shape = {d[0], 4L * d[1], d[2] / 2, d[3] / 2};
    Value out =
        g.intermediate(in.name() + ".q8s2d", TensorSpec.quantized(Layout.INT8_4W4C, quant, shape));
    // The output's dims (the kernel's word grid), then the input's C, H and W.
    byte[] push =
        quantPush(out, quant.inverseScale(), quant.zeroPoint(), 3).i(d[1]).i(d[2]).i(d[3]).build();
    return dispatchQuantize(g, KernelId.QUANTIZE_NCHW_TO_4W4C_S2D, out, in, push);
  }

  /**
   * Dequantizes a packed int8 value to NCHW fp32: {@code x = (q - z) * s}.
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C value
   * @return the F32 NCHW value
   */
  public static Value dequantize(GraphBuilder g, Value in) {
    String op = "quantized_decomposed.dequantize_per_tensor.default";
    if (!in.spec().layout().isInt8Packed()) {
      throw new IllegalArgumentException(
          op + ": '" + in.name() + "' is " + in.spec() + ", expected int8 4C1W or 4W4C");
    }
    QuantParams quant = in.spec().quant().orElseThrow();
    Value out = g.intermediate(in.name() + ".f32", in.spec().with(DType.F32, Layout.NCHW));
    byte[] push = quantPush(in, quant.scale(), quant.zeroPoint());
    g.dispatch(
        op,
        OpSupport.linearKernel(
            in.spec().layout() == Layout.INT8_4W4C
                ? KernelId.DEQUANTIZE_4W4C_TO_NCHW
                : KernelId.DEQUANTIZE_4C1W_TO_NCHW),
        List.of(Binding.write(out), Binding.read(in)),
        push,
        OpSupport.linearGrid(g, in.spec().elementCount()));
    return out;
  }
}
