package org.djlvulkan.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers {@link VkModelZoo} with DJL (through {@code META-INF/services}). */
public final class VkZooProvider implements ZooProvider {
  /** Creates the provider. */
  public VkZooProvider() {}

  @Override
  public ModelZoo getModelZoo() {
    return new VkModelZoo();
  }
}
