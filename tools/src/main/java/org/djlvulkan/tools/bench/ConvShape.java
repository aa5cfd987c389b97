package org.djlvulkan.tools.bench;

import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * A named convolution shape to benchmark.
 *
 * @param name a label for tables
 * @param n batch
 * @param inChannels IC
 * @param h input height
 * @param w input width
 * @param outChannels OC
 * @param params geometry
 */
public record ConvShape(
    String name, int n, int inChannels, int h, int w, int outChannels, Conv2dParams params) {

  /** Returns the NC4HW4 input spec. */
  public TensorSpec inputSpec() {
    return TensorSpec.of(DType.F32, Layout.NC4HW4, n, inChannels, h, w);
  }

  /** Returns the multiply-accumulates of one run. */
  public long macs() {
    return (long) n
        * outChannels
        * params.outH(h)
        * params.outW(w)
        * (inChannels / params.groups())
        * params.kernelH()
        * params.kernelW();
  }

  /** Returns a compact description, e.g. {@code 64->256 1x1 s1 @56x56}. */
  public String describe() {
    return inChannels
        + "->"
        + outChannels
        + " "
        + params.kernelH()
        + "x"
        + params.kernelW()
        + " s"
        + params.strideH()
        + (params.groups() == 1 ? "" : " g" + params.groups())
        + " @"
        + h
        + "x"
        + w
        + (n == 1 ? "" : " N" + n);
  }
}
