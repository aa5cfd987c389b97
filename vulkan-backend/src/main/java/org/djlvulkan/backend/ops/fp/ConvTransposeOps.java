package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Transposed 2-D convolution (ONNX ConvTranspose, PyTorch's {@code conv_transpose2d}) on NC4HW4
 * fp32: the direct kernel {@code conv_transpose2d_f32}, weights in ONNX's {@code [IC, OC / groups,
 * KH, KW]} layout.
 */
public final class ConvTransposeOps {
  private static final String OP = "aten.conv_transpose2d.input";

  private ConvTransposeOps() {}

  /**
   * Adds a transposed convolution.
   *
   * @param g the graph
   * @param in the input, F32 NC4HW4 {@code [N, IC, H, W]}
   * @param weight {@code IC * OC / groups * KH * KW} floats
   * @param bias {@code OC} floats, or null
   * @param outChannels OC
   * @param geo kernel, stride, dilation, groups and the pads cut at the top and left (those at the
   *     bottom and right are implied by the output size)
   * @param outH the output height
   * @param outW the output width
   * @return the output {@code [N, OC, outH, outW]}
   */
  public static Value convTranspose2d(
      GraphBuilder g,
      Value in,
      float[] weight,
      float[] bias,
      int outChannels,
      Conv2dParams geo,
      int outH,
      int outW) {
    OpSupport.require(OP, in, DType.F32, Layout.NC4HW4);
    TensorSpec s = in.spec();
    if (s.rank() != 4 || s.c() % geo.groups() != 0 || outChannels % geo.groups() != 0) {
      throw new IllegalArgumentException(
          OP + ": input " + s + " and " + outChannels + " output channels do not fit the groups");
    }
    Value w = ConvWeightPacking.constant(g, OP + ".weight", weight);
    Value b =
        ConvWeightPacking.constant(g, OP + ".bias", bias == null ? new float[outChannels] : bias);
    Value out =
        g.intermediate(
            OP + "(" + in.name() + ")",
            TensorSpec.of(DType.F32, Layout.NC4HW4, s.n(), outChannels, outH, outW));
    PushConstants pc = PushConstants.words(17);
    for (int d : OpSupport.dims4(out)) {
      pc.i(d);
    }
    for (int d : OpSupport.dims4(in)) {
      pc.i(d);
    }
    pc.i(geo.kernelH()).i(geo.kernelW()).i(geo.strideH()).i(geo.strideW());
    pc.i(geo.padTop()).i(geo.padLeft()).i(geo.dilationH()).i(geo.dilationW()).i(geo.groups());
    g.dispatch(
        OP,
        OpSupport.linearKernel(KernelId.CONV_TRANSPOSE2D_F32),
        List.of(Binding.write(out), Binding.read(in), Binding.read(w), Binding.read(b)),
        pc.build(),
        OpSupport.linearGrid(g, out.byteSize() / 16));
    return out;
  }
}
