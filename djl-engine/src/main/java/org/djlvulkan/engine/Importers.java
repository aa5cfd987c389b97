package org.djlvulkan.engine;

import org.djlvulkan.backend.frontend.ModelLoader;

/** The model importers the engine uses. */
final class Importers {
  private Importers() {}

  /** Returns the importer of every supported format (ONNX, ExecuTorch), chosen by content. */
  static ModelImporter any() {
    return ModelLoader::load;
  }
}
