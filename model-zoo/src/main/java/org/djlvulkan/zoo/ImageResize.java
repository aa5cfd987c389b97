package org.djlvulkan.zoo;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.repository.zoo.Criteria;
import java.util.Locale;
import org.djlvulkan.zoo.translator.ImageNetTranslator;
import org.djlvulkan.zoo.translator.ImageNetTranslatorFactory;

/**
 * Where a classifier's images are resized, cropped and normalized: on the host (the translator
 * makes float tensors), or on the device (the Vulkan engine's pixel input: the host only decodes,
 * see {@link VkModelZoo#RESIZE_ON_DEVICE}), or {@link #AUTO}: on the device when the model runs on
 * a GPU. Used by the CLI's {@code classify} and the Spark module.
 */
public enum ImageResize {
  /** On the host, as the single-process {@code classify} does: float tensors go to the model. */
  HOST,
  /**
   * On the device: the executors only decode, and the model (the Vulkan engine's {@code
   * pixelInput=images}) resizes, crops and normalizes the images at their own size.
   */
  DEVICE,
  /** {@link #DEVICE} when the model runs on a GPU with the Vulkan engine, else {@link #HOST}. */
  AUTO;

  private static final String VULKAN = "Vulkan";

  /**
   * Returns the choice by name.
   *
   * @param name {@code host}, {@code device} or {@code auto}
   * @return the choice
   * @throws IllegalArgumentException for another name
   */
  public static ImageResize named(String name) {
    for (ImageResize r : values()) {
      if (r.argument().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("needs host, device or auto, got '" + name + "'");
  }

  /** Returns the name used on command lines and as a parameter value. */
  public String argument() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns whether the device resizes for a model of the given engine on the given device.
   *
   * @param engine the DJL engine's name
   * @param device the device, or null for the engine's default
   * @return true for {@link #DEVICE}, and for {@link #AUTO} on a Vulkan GPU
   */
  public boolean onDevice(String engine, Device device) {
    return switch (this) {
      case HOST -> false;
      case DEVICE -> true;
      case AUTO ->
          VULKAN.equals(engine)
              && (device != null ? device : Engine.getEngine(engine).defaultDevice()).isGpu();
    };
  }

  /**
   * Sets what makes a classifier's criteria take images at their own size: for a zoo model the
   * option {@link VkModelZoo#PIXEL_INPUT} = {@link VkModelZoo#RESIZE_ON_DEVICE}; for a model file
   * the engine's {@code pixelInput} option with the pixel encoding and the translator argument
   * {@code inputType=images}.
   *
   * @param builder the criteria
   * @param zooModel whether the criteria name a zoo model (else a model file with {@link
   *     ImageNetTranslatorFactory})
   * @param encoding the model file's pixel encoding ({@code imagenet-rgb} or {@code raw-bgr});
   *     ignored for a zoo model, which knows its own
   * @param <I> the input type
   * @param <O> the output type
   */
  public static <I, O> void resizeOnDevice(
      Criteria.Builder<I, O> builder, boolean zooModel, String encoding) {
    if (zooModel) {
      builder.optOption(VkModelZoo.PIXEL_INPUT, VkModelZoo.RESIZE_ON_DEVICE);
      return;
    }
    builder
        .optOption(VkModelZoo.PIXEL_INPUT, encoding)
        .optArgument(
            ImageNetTranslatorFactory.INPUT_TYPE, ImageNetTranslator.InputForm.IMAGES.argument());
  }
}
