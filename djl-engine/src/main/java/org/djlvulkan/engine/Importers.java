package org.djlvulkan.engine;

/** The model importers the engine uses. */
final class Importers {
  private Importers() {}

  /**
   * Returns the ONNX importer.
   *
   * <p>Until {@code org.djlvulkan.backend.onnx.OnnxModels} is merged, loading fails with an
   * exception that says so.
   */
  static ModelImporter onnx() {
    return (device, file, options) -> {
      throw new UnsupportedOperationException(
          "the ONNX importer (org.djlvulkan.backend.onnx.OnnxModels) is not in this build yet");
    };
  }
}
