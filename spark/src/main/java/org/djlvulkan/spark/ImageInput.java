package org.djlvulkan.spark;

import java.io.Serializable;

/**
 * One image to classify: where it came from and its encoded bytes (PNG, JPEG...).
 *
 * @param path the image's path or name, carried to the result
 * @param bytes the encoded image, or null (then the result reports it missing)
 */
public record ImageInput(String path, byte[] bytes) implements Serializable {
  private static final long serialVersionUID = 1L;
}
