package org.djlvulkan.backend.lower;

import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelTensor;

/**
 * A run's inputs after checking them against the model's declaration: one tensor per declared
 * input, in declaration order, and how the first one came.
 *
 * @param tensors one per declared input (for images at their own size, the first is their bytes)
 * @param first how the first input came
 * @param imageTable the table of images at their own size as bytes ({@code uint8 [N, 48]}), else
 *     null
 * @param shapes the shapes that pick the variant: the tensors' shapes, except that images (at
 *     either size) count as {@code [N, H, W, 3]} with the model's input height and width
 */
record FedInputs(List<ModelTensor> tensors, First first, HostTensor imageTable, long[][] shapes) {
  /** How a run's first input comes. */
  enum First {
    /** As the model declares it. */
    AS_DECLARED,
    /** 8-bit images {@code [N, H, W, 3]} of the model's input size, normalized on the device. */
    PIXELS,
    /** 8-bit images at their own size, resized, cropped and normalized on the device. */
    SOURCE_IMAGES
  }

  /** Returns the byte capacity of images at their own size, else 0. */
  long imageBytes() {
    return first == First.SOURCE_IMAGES ? tensors.get(0).shape()[0] : 0;
  }

  /** Returns the variant cache's key for these inputs. */
  Key key() {
    return new Key(shapes, first, imageBytes());
  }

  /**
   * The cache key of a variant: the shapes of the fed inputs in declaration order (which inputs are
   * fed is fixed per model, so their names need not be part of it), how the first comes, and the
   * byte capacity of images at their own size.
   */
  record Key(long[][] shapes, First first, long imageBytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.first == first
          && k.imageBytes == imageBytes
          && Arrays.deepEquals(shapes, k.shapes);
    }

    @Override
    public int hashCode() {
      return (Arrays.deepHashCode(shapes) * 31 + first.hashCode()) * 31 + Long.hashCode(imageBytes);
    }
  }
}
