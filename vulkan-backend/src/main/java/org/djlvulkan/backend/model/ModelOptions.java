package org.djlvulkan.backend.model;

/**
 * Options for loading a model.
 *
 * @param precision int8 as the file says, or everything in fp32
 * @param profiling record GPU timestamps per node (see {@link InferenceSession#lastProfile()})
 * @param maxCachedShapes how many recorded variants (one per input shape) a model keeps
 * @param freezeInputsAfterFirst bind the given values of every graph input after the first as
 *     constants (the ONNX node tests feed weights as inputs)
 */
public record ModelOptions(
    Precision precision, boolean profiling, int maxCachedShapes, boolean freezeInputsAfterFirst) {

  /** Defaults: file precision, no profiling, four cached shapes, no frozen inputs. */
  public static final ModelOptions DEFAULT = new ModelOptions(Precision.AUTO, false, 4, false);

  /** Checks the values. */
  public ModelOptions {
    if (maxCachedShapes < 1) {
      throw new IllegalArgumentException("maxCachedShapes must be >= 1: " + maxCachedShapes);
    }
  }

  /** Returns a copy with another precision. */
  public ModelOptions withPrecision(Precision p) {
    return new ModelOptions(p, profiling, maxCachedShapes, freezeInputsAfterFirst);
  }

  /** Returns a copy with profiling on or off. */
  public ModelOptions withProfiling(boolean on) {
    return new ModelOptions(precision, on, maxCachedShapes, freezeInputsAfterFirst);
  }
}
