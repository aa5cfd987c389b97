package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.VariantLowering.SegmentInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs a model for one set of input shapes: its first step, planned when the variant is built,
 * and the steps after a node that runs on the host, planned when a run first reaches them (keyed by
 * the shapes and types of the values they read, which the host computed). A model whose nodes all
 * run on the device has one {@link DeviceStep}. Sessions hold the variant while they run it; when
 * the model's cache evicts it, its device graphs close once the last holder lets go.
 */
final class Variant {
  private static final Logger LOG = LoggerFactory.getLogger(Variant.class);

  private final StepPlanner planner;
  private final Step first;

  /** The graph input that comes as 8-bit images, if any: later steps read it the same way. */
  private final SegmentInput pixelInput;

  private final Map<StepKey, Step> later = new HashMap<>();
  private int holders;
  private boolean retired;
  private boolean closed;

  /**
   * Plans the first step.
   *
   * @param planner the model's planner
   * @param inputs the graph inputs' names, types and shapes
   */
  Variant(StepPlanner planner, List<SegmentInput> inputs) {
    this.planner = planner;
    this.pixelInput = inputs.stream().filter(in -> in.pixels() != null).findFirst().orElse(null);
    this.first = planner.plan(0, inputs, Map.of());
  }

  /** Returns the first step. */
  Step first() {
    return first;
  }

  /** Returns the number of nodes of the graph the steps cover. */
  int nodeCount() {
    return planner.nodeCount();
  }

  StepPlanner planner() {
    return planner;
  }

  /**
   * Returns the step that starts at a node after the first step, planning it on first use.
   *
   * @param from the node
   * @param values the run-time values computed so far
   * @param constants the values earlier steps folded
   */
  synchronized Step step(
      int from, Map<String, TensorData> values, Map<String, TensorData> constants) {
    if (closed) {
      throw new IllegalStateException("variant is closed");
    }
    List<SegmentInput> live = new ArrayList<>();
    values.forEach(
        (k, v) ->
            live.add(
                pixelInput != null && k.equals(pixelInput.name())
                    ? pixelInput
                    : new SegmentInput(k, v.type(), v.shape())));
    StepKey key = new StepKey(from, live, List.copyOf(constants.values()));
    Step s = later.get(key);
    if (s == null) {
      s = planner.plan(from, live, constants);
      if (later.size() < MAX_LATER_STEPS) {
        later.put(key, s);
      } else {
        if (!warnedUncached) {
          warnedUncached = true;
          LOG.warn(
              "{}: the nodes after a host step met more than {} input shapes; further shapes are"
                  + " planned and freed on every run",
              planner.ir().source(),
              MAX_LATER_STEPS);
        }
        s = new Uncached(s);
      }
    }
    return s;
  }

  /**
   * The most later steps a variant keeps: data-dependent shapes (a slice bound read from the input)
   * could otherwise fill device memory with a graph per shape. Beyond it, a step is planned for one
   * run and freed after it.
   */
  static final int MAX_LATER_STEPS = 16;

  private boolean warnedUncached;

  /**
   * Returns the step to run, unwrapping one that is not cached (the caller frees its device graph
   * after the run).
   */
  static Step unwrap(Step s) {
    return s instanceof Uncached u ? u.step() : s;
  }

  /** Returns whether a step is planned for one run only. */
  static boolean oneRun(Step s) {
    return s instanceof Uncached;
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
    if (retired && holders == 0 && !closed) {
      closed = true;
      StepPlanner.close(first);
      later.values().forEach(StepPlanner::close);
      later.clear();
    }
  }

  /**
   * Identifies a later step: where it starts, the names, types and shapes of the run-time values
   * known there, and the folded constants (the same objects for the same earlier steps).
   */
  private record StepKey(int from, List<SegmentInput> live, List<TensorData> constants) {
    @Override
    public boolean equals(Object o) {
      if (!(o instanceof StepKey k) || k.from != from || k.live.size() != live.size()) {
        return false;
      }
      for (int i = 0; i < live.size(); i++) {
        SegmentInput a = live.get(i);
        SegmentInput b = k.live.get(i);
        if (!a.name().equals(b.name())
            || a.type() != b.type()
            || !Arrays.equals(a.shape(), b.shape())) {
          return false;
        }
      }
      if (k.constants.size() != constants.size()) {
        return false;
      }
      for (int i = 0; i < constants.size(); i++) {
        if (k.constants.get(i) != constants.get(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = from;
      for (SegmentInput in : live) {
        h = 31 * h + in.name().hashCode();
        h = 31 * h + Arrays.hashCode(in.shape());
      }
      return h;
    }
  }
}
