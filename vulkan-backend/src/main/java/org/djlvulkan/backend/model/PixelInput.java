package org.djlvulkan.backend.model;

import java.util.Arrays;

/**
 * How 8-bit images become a model's float input on the device: a model loaded with a pixel input
 * also takes its first input as {@code uint8 [N, H, W, 3]} (interleaved pixels, as decoded and
 * resized) and computes {@code plane p = (byte[sourceChannel[p]] * scale - mean[p]) / std[p]} in
 * its first kernel, so the host uploads a quarter of the bytes and does no float work.
 *
 * @param scale what a byte is multiplied by first (1/255 for [0, 1] pixels)
 * @param mean per plane, subtracted after scaling
 * @param std per plane, divided by last
 * @param sourceChannel per plane, the byte of the pixel it reads (0, 1, 2 for RGB; 2, 1, 0 for BGR)
 */
public record PixelInput(float scale, float[] mean, float[] std, int[] sourceChannel) {
  /** ImageNet's normalization of RGB pixels (torchvision's). */
  public static final PixelInput IMAGENET_RGB =
      new PixelInput(
          1f / 255f,
          new float[] {0.485f, 0.456f, 0.406f},
          new float[] {0.229f, 0.224f, 0.225f},
          new int[] {0, 1, 2});

  /** BGR bytes as they are (Caffe-style models that take raw 0-255 BGR values). */
  public static final PixelInput RAW_BGR =
      new PixelInput(1f, new float[] {0, 0, 0}, new float[] {1, 1, 1}, new int[] {2, 1, 0});

  /** Checks and copies the arrays. */
  public PixelInput {
    if (mean.length != 3 || std.length != 3 || sourceChannel.length != 3) {
      throw new IllegalArgumentException("a pixel input has 3 planes");
    }
    for (int c : sourceChannel) {
      if (c < 0 || c > 2) {
        throw new IllegalArgumentException("source channels are 0, 1 or 2, got " + c);
      }
    }
    mean = mean.clone();
    std = std.clone();
    sourceChannel = sourceChannel.clone();
  }

  /**
   * Returns a preset by name.
   *
   * @param name {@code imagenet-rgb} or {@code raw-bgr}
   * @return the preset
   * @throws IllegalArgumentException for another name
   */
  public static PixelInput named(String name) {
    return switch (name) {
      case "imagenet-rgb" -> IMAGENET_RGB;
      case "raw-bgr" -> RAW_BGR;
      default ->
          throw new IllegalArgumentException(
              "pixel input '" + name + "' is not imagenet-rgb or raw-bgr");
    };
  }

  /** Returns the value of plane {@code p} for the pixel's bytes (the host reference). */
  public float encode(int p, float[] pixel) {
    return (pixel[sourceChannel[p]] * scale - mean[p]) / std[p];
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public int[] sourceChannel() {
    return sourceChannel.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PixelInput p
        && p.scale == scale
        && Arrays.equals(p.mean, mean)
        && Arrays.equals(p.std, std)
        && Arrays.equals(p.sourceChannel, sourceChannel);
  }

  @Override
  public int hashCode() {
    return Float.hashCode(scale) * 31 + Arrays.hashCode(mean) * 17 + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "PixelInput[scale="
        + scale
        + ", mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + ", sourceChannel="
        + Arrays.toString(sourceChannel)
        + "]";
  }
}
