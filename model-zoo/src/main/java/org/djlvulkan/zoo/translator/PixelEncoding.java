package org.djlvulkan.zoo.translator;

import java.util.Locale;
import org.djlvulkan.backend.model.PixelInput;

/** How a model wants the pixels of its (resized, cropped) input image. */
public enum PixelEncoding {
  /**
   * R, G, B planes scaled to [0, 1], then normalized with the ImageNet mean {@code (0.485, 0.456,
   * 0.406)} and standard deviation {@code (0.229, 0.224, 0.225)}: torchvision's {@code ToTensor}
   * and {@code Normalize}, which the ONNX Model Zoo's ResNet50 and MobileNetV2 expect.
   */
  IMAGENET_RGB(PixelInput.IMAGENET_RGB),
  /**
   * B, G, R planes with the raw values 0 to 255: the image contract of Caffe models converted for
   * Windows ML ({@code Bgr8}, nominal range 0 to 255), such as its SqueezeNet 1.0.
   */
  RAW_BGR(PixelInput.RAW_BGR);

  private final PixelInput pixels;
  private final int[] sourceChannel;
  private final float scale;
  private final float[] mean;
  private final float[] std;

  PixelEncoding(PixelInput pixels) {
    this.pixels = pixels;
    this.sourceChannel = pixels.sourceChannel();
    this.scale = pixels.scale();
    this.mean = pixels.mean();
    this.std = pixels.std();
  }

  /**
   * Returns the same normalization as the engine's pixel input (a model loaded with the option
   * {@code pixelInput} computes it on the device).
   */
  public PixelInput pixelInput() {
    return pixels;
  }

  /**
   * Returns which RGB channel feeds an input plane.
   *
   * @param plane 0, 1 or 2
   * @return 0 for R, 1 for G, 2 for B
   */
  public int sourceChannel(int plane) {
    return sourceChannel[plane];
  }

  /**
   * Encodes one 8-bit value for an input plane.
   *
   * @param plane 0, 1 or 2
   * @param value the pixel value, 0 to 255 (fractional after interpolation)
   * @return the model's input value
   */
  public float encode(int plane, float value) {
    return (value * scale - mean[plane]) / std[plane];
  }

  /** Returns the name used as a translator argument: {@code imagenet-rgb} or {@code raw-bgr}. */
  public String argument() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Returns the encoding with the given argument name.
   *
   * @param argument {@code imagenet-rgb} or {@code raw-bgr}
   * @return the encoding
   * @throws IllegalArgumentException for other names
   */
  public static PixelEncoding fromArgument(String argument) {
    for (PixelEncoding e : values()) {
      if (e.argument().equals(argument)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown pixel encoding '" + argument + "'; known: imagenet-rgb, raw-bgr");
  }
}
