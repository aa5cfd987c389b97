package org.djlvulkan.backend.lower;

/**
 * A step that its variant does not keep (it has met too many shapes after a host step): the session
 * runs it once and frees its device graph.
 *
 * @param step the step
 */
record Uncached(Step step) implements Step {
  @Override
  public int end() {
    return step.end();
  }
}
