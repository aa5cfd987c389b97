package org.djlvulkan.backend.model;

/**
 * Options for loading a model.
 *
 * @param precision int8 as the file says, or everything in fp32
 * @param profiling record GPU timestamps per node (see {@link InferenceSession#lastProfile()})
 * @param maxCachedShapes how many recorded variants (one per input shape) a model keeps
 * @param freezeInputsAfterFirst bind the given values of every graph input after the first as
 *     constants (the ONNX node tests feed weights as inputs)
 * @param pixelInput how the first input may also come as 8-bit images, or null
 */
public record ModelOptions(
    Precision precision,
    boolean profiling,
    int maxCachedShapes,
    boolean freezeInputsAfterFirst,
    PixelInput pixelInput) {

  /** Defaults: file precision, no profiling, four cached shapes, no frozen inputs. */
  public static final ModelOptions DEFAULT = new ModelOptions(Precision.AUTO, false, 4, false);

  /** Options without a pixel input. */
  public ModelOptions(
      Precision precision, boolean profiling, int maxCachedShapes, boolean freezeInputsAfterFirst) {
    this(precision, profiling, maxCachedShapes, freezeInputsAfterFirst, null);
  }

  /** Checks the values. */
  public ModelOptions {
    if (maxCachedShapes < 1) {
      throw new IllegalArgumentException("maxCachedShapes must be >= 1: " + maxCachedShapes);
    }
  }

  /** Returns a copy with another precision. */
  public ModelOptions withPrecision(Precision p) {
    return new ModelOptions(p, profiling, maxCachedShapes, freezeInputsAfterFirst, pixelInput);
  }

  /** Returns a copy with profiling on or off. */
  public ModelOptions withProfiling(boolean on) {
    return new ModelOptions(precision, on, maxCachedShapes, freezeInputsAfterFirst, pixelInput);
  }

  /**
   * Returns a copy whose first input may also come as 8-bit images.
   *
   * @param p the normalization, or null for float input only
   * @return the options
   */
  public ModelOptions withPixelInput(PixelInput p) {
    return new ModelOptions(precision, profiling, maxCachedShapes, freezeInputsAfterFirst, p);
  }
}
