package org.djlvulkan.backend.vk;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages the Khronos validation layer reported through {@code VK_EXT_debug_utils}. Errors are
 * kept so that tests can fail on them; the layer's callback may run on any thread.
 */
public final class ValidationMessages {
  private final List<String> errors = new ArrayList<>();
  private int total;

  /**
   * Records one validation error.
   *
   * @param message the layer's text
   */
  synchronized void addError(String message) {
    errors.add(message);
    total++;
  }

  /** Returns the number of errors reported since the instance was created. */
  public synchronized int errorCount() {
    return total;
  }

  /** Returns and forgets the errors kept so far. */
  public synchronized List<String> drain() {
    List<String> copy = new ArrayList<>(errors);
    errors.clear();
    return copy;
  }
}
