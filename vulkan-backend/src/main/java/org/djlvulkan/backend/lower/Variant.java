package org.djlvulkan.backend.lower;

import java.util.List;
import org.djlvulkan.backend.graph.ComputeGraph;

/**
 * One recorded graph of a model, for one set of input shapes. Sessions hold it while they run it;
 * when the model's cache evicts it, it closes once the last holder lets go.
 */
final class Variant {
  private final ComputeGraph graph;
  private final List<OutputInfo> outputs;
  private int holders;
  private boolean retired;

  Variant(ComputeGraph graph, List<OutputInfo> outputs) {
    this.graph = graph;
    this.outputs = List.copyOf(outputs);
  }

  ComputeGraph graph() {
    return graph;
  }

  List<OutputInfo> outputs() {
    return outputs;
  }

  synchronized void hold() {
    holders++;
  }

  synchronized void release() {
    holders--;
    closeIfUnused();
  }

  /** Marks the variant evicted: it closes now, or when its last holder releases it. */
  synchronized void retire() {
    retired = true;
    closeIfUnused();
  }

  synchronized boolean retired() {
    return retired;
  }

  private void closeIfUnused() {
    if (retired && holders == 0) {
      graph.close();
    }
  }
}
