package org.djlvulkan.engine;

import org.djlvulkan.backend.frontend.onnx.OnnxModels;

/** The model importers the engine uses. */
final class Importers {
  private Importers() {}

  /** Returns the ONNX importer. */
  static ModelImporter onnx() {
    return OnnxModels::load;
  }
}
