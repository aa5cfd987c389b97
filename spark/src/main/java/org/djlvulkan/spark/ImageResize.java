package org.djlvulkan.spark;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Where the executors' images are resized, cropped and normalized. */
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
          ModelSpec.VULKAN.equals(engine)
              && (device != null ? device : Engine.getEngine(engine).defaultDevice()).isGpu();
    };
  }
}
