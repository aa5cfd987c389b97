package org.djlvulkan.tools.bench;

import java.util.List;
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

  /**
   * ResNet50's convolution shapes at batch 1 (torchvision v1.5: the stride sits in the 3x3, the
   * projection shortcuts are 1x1 with stride 2), each distinct shape once, in network order.
   *
   * @return the shapes
   */
  public static List<ConvShape> resnet50() {
    Conv2dParams k1 = Conv2dParams.of(1, 1, 0);
    Conv2dParams k1s2 = Conv2dParams.of(1, 2, 0);
    Conv2dParams k3 = Conv2dParams.of(3, 1, 1);
    Conv2dParams k3s2 = Conv2dParams.of(3, 2, 1);
    return List.of(
        new ConvShape("stem", 1, 3, 224, 224, 64, Conv2dParams.of(7, 2, 3)),
        new ConvShape("s1.reduce", 1, 64, 56, 56, 64, k1),
        new ConvShape("s1.3x3", 1, 64, 56, 56, 64, k3),
        new ConvShape("s1.expand", 1, 64, 56, 56, 256, k1),
        new ConvShape("s1.reduce2", 1, 256, 56, 56, 64, k1),
        new ConvShape("s2.reduce", 1, 256, 56, 56, 128, k1),
        new ConvShape("s2.3x3s2", 1, 128, 56, 56, 128, k3s2),
        new ConvShape("s2.downsample", 1, 256, 56, 56, 512, k1s2),
        new ConvShape("s2.3x3", 1, 128, 28, 28, 128, k3),
        new ConvShape("s2.expand", 1, 128, 28, 28, 512, k1),
        new ConvShape("s2.reduce2", 1, 512, 28, 28, 128, k1),
        new ConvShape("s3.reduce", 1, 512, 28, 28, 256, k1),
        new ConvShape("s3.3x3s2", 1, 256, 28, 28, 256, k3s2),
        new ConvShape("s3.downsample", 1, 512, 28, 28, 1024, k1s2),
        new ConvShape("s3.3x3", 1, 256, 14, 14, 256, k3),
        new ConvShape("s3.expand", 1, 256, 14, 14, 1024, k1),
        new ConvShape("s3.reduce2", 1, 1024, 14, 14, 256, k1),
        new ConvShape("s4.reduce", 1, 1024, 14, 14, 512, k1),
        new ConvShape("s4.3x3s2", 1, 512, 14, 14, 512, k3s2),
        new ConvShape("s4.downsample", 1, 1024, 14, 14, 2048, k1s2),
        new ConvShape("s4.3x3", 1, 512, 7, 7, 512, k3),
        new ConvShape("s4.expand", 1, 512, 7, 7, 2048, k1),
        new ConvShape("s4.reduce2", 1, 2048, 7, 7, 512, k1));
  }
}
