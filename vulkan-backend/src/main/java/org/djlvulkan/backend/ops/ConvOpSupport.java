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
   * @param w the weights' shape
   * @param p the geometry
   * @param in the input
   * @throws IllegalArgumentException when they do not match
   */
  public static void checkWeightShape(
      String described, ConvWeightShape w, Conv2dParams p, TensorSpec in) {
    if (w.kernelH() != p.kernelH()
        || w.kernelW() != p.kernelW()
        || (long) w.inChannelsPerGroup() * p.groups() != in.c()) {
      throw new IllegalArgumentException(
          described
              + ": weights "
              + OpSupport.shape(w.outChannels(), w.inChannelsPerGroup(), w.kernelH(), w.kernelW())
              + " do not match (expected [OC, IC / groups, KH, KW])");
    }
  }

  /**
   * Returns the push constants the sliding-window (direct, general) and depthwise kernels start
   * with: input C, H, W, OC, output H, W, the geometry, then the group words (the channel
   * multiplier for depthwise; IC and OC per group otherwise), with room for {@code tailWords} more.
   *
   * @param tailWords the words the kernel's push constants have after these
   * @param in the input
   * @param w the weights' shape
   * @param outH output height
   * @param outW output width
   * @param p the geometry
   * @param depthwise whether the kernel is the depthwise one
   * @return the push constants so far
   */
  public static PushConstants windowGeometry(
      int tailWords,
      TensorSpec in,
      ConvWeightShape w,
      int outH,
      int outW,
      Conv2dParams p,
      boolean depthwise) {
    PushConstants pc = PushConstants.words(14 + (depthwise ? 1 : 2) + tailWords);
    p.appendWindowWalk(
        pc.i(in.c()).i(in.h()).i(in.w()).i(w.outChannels()).i(outH).i(outW).i(p.kernelH()));
    if (depthwise) {
      return pc.i(w.outChannels() / in.c());
    }
    return pc.i(w.inChannelsPerGroup()).i(w.outChannels() / p.groups());
  }
}
