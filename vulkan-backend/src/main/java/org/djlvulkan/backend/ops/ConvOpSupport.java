package org.djlvulkan.backend.ops;

import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.tensor.TensorSpec;

/** What the fp32 and the int8 convolution op builders share: the weight check, window words. */
public final class ConvOpSupport {
  private ConvOpSupport() {}

  /**
   * Checks weights {@code [OC, IC / groups, KH, KW]} against the geometry and the input.
   *
   * @param described the convolution named for the message
   * @throws IllegalArgumentException when they do not match
   */
  public static void checkWeightShape(
      String described,
      int outChannels,
      int inChannelsPerGroup,
      int kernelH,
      int kernelW,
      Conv2dParams p,
      TensorSpec in) {
    if (kernelH != p.kernelH()
        || kernelW != p.kernelW()
        || (long) inChannelsPerGroup * p.groups() != in.c()) {
      throw new IllegalArgumentException(
          described
              + ": weights "
              + OpSupport.shape(outChannels, inChannelsPerGroup, kernelH, kernelW)
              + " do not match (expected [OC, IC / groups, KH, KW])");
    }
  }

  /**
   * Appends the push constants the sliding-window (direct, general) and depthwise kernels start
   * with: input C, H, W, OC, output H, W, the geometry, then the group words (the channel
   * multiplier for depthwise; IC and OC per group otherwise).
   */
  public static PushConstants windowGeometry(
      PushConstants pc,
      TensorSpec in,
      int outChannels,
      int inChannelsPerGroup,
      int outH,
      int outW,
      Conv2dParams p,
      boolean depthwise) {
    p.appendWindowWalk(
        pc.i(in.c()).i(in.h()).i(in.w()).i(outChannels).i(outH).i(outW).i(p.kernelH()));
    if (depthwise) {
      return pc.i(outChannels / in.c());
    }
    return pc.i(inChannelsPerGroup).i(outChannels / p.groups());
  }
}
