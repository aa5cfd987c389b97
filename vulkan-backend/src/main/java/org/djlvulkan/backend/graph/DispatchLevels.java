package org.djlvulkan.backend.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The order in which a graph's dispatches are recorded: each dispatch on the earliest level after
 * every dispatch it depends on, levels in order, and within a level the builder's order. Two
 * dispatches depend on each other when they touch the same storage and at least one writes it (read
 * after write, write after read, write after write), as the bindings say; dispatches of one level
 * never do, so the hazard tracker needs a barrier only between levels, where the builder's order
 * may have put one between every pair (a ResNet block's shortcut convolution and its first
 * convolution read the same input and run side by side).
 *
 * <p>The memory planner keeps the values that one level touches apart ({@link #levelStart}, {@link
 * #levelEnd}), so that reusing memory adds no barrier inside a level.
 */
final class DispatchLevels {
  private final List<DispatchNode> order;
  private final int[] levelOf;
  private final int[] levelStart;
  private final int[] levelEnd;

  private DispatchLevels(List<DispatchNode> order, int[] levelOf) {
    this.order = order;
    this.levelOf = levelOf;
    int n = order.size();
    this.levelStart = new int[n];
    this.levelEnd = new int[n];
    int start = 0;
    for (int i = 0; i <= n; i++) {
      if (i == n || levelOf[i] != levelOf[start]) {
        for (int j = start; j < i; j++) {
          levelStart[j] = start;
          levelEnd[j] = i - 1;
        }
        start = i;
      }
    }
  }

  /**
   * Orders the dispatches by level.
   *
   * @param nodes the dispatches in the builder's order
   * @param storageOf the id of the storage a bound value lives in (views share their root's)
   * @return the order
   */
  static DispatchLevels of(List<DispatchNode> nodes, ToIntFunction<Value> storageOf) {
    int n = nodes.size();
    int[] level = new int[n];
    Map<Integer, Integer> lastWriter = new HashMap<>();
    Map<Integer, List<Integer>> readersSinceWrite = new HashMap<>();
    for (int i = 0; i < n; i++) {
      List<Binding> bindings = nodes.get(i).bindings();
      int[] storage = bindings.stream().mapToInt(b -> storageOf.applyAsInt(b.value())).toArray();
      int after = -1;
      for (int b = 0; b < storage.length; b++) {
        Integer writer = lastWriter.get(storage[b]);
        if (writer != null) {
          after = Math.max(after, level[writer]);
        }
        if (bindings.get(b).access().writes()) {
          for (int reader : readersSinceWrite.getOrDefault(storage[b], List.of())) {
            after = Math.max(after, level[reader]);
          }
        }
      }
      level[i] = after + 1;
      // A write starts the storage's readers afresh; then this dispatch's reads join them.
      for (int b = 0; b < storage.length; b++) {
        if (bindings.get(b).access().writes()) {
          lastWriter.put(storage[b], i);
          readersSinceWrite.remove(storage[b]);
        }
      }
      for (int b = 0; b < storage.length; b++) {
        if (!bindings.get(b).access().writes()) {
          readersSinceWrite.computeIfAbsent(storage[b], k -> new ArrayList<>()).add(i);
        }
      }
    }
    Integer[] byLevel = new Integer[n];
    Arrays.setAll(byLevel, i -> i);
    Arrays.sort(byLevel, Comparator.<Integer>comparingInt(i -> level[i]).thenComparingInt(i -> i));
    List<DispatchNode> order = new ArrayList<>(n);
    int[] levelOf = new int[n];
    for (int i = 0; i < n; i++) {
      order.add(nodes.get(byLevel[i]));
      levelOf[i] = level[byLevel[i]];
    }
    return new DispatchLevels(List.copyOf(order), levelOf);
  }

  /**
   * Keeps the builder's order: each dispatch its own level.
   *
   * @param nodes the dispatches
   * @return the order
   */
  static DispatchLevels asBuilt(List<DispatchNode> nodes) {
    int[] levelOf = new int[nodes.size()];
    Arrays.setAll(levelOf, i -> i);
    return new DispatchLevels(List.copyOf(nodes), levelOf);
  }

  /** Returns the dispatches in recording order. */
  List<DispatchNode> order() {
    return order;
  }

  /** Returns the number of levels. */
  int levels() {
    return order.isEmpty() ? 0 : levelOf[order.size() - 1] + 1;
  }

  /** Returns the position (in {@link #order}) of the first dispatch of position i's level. */
  int levelStart(int i) {
    return levelStart[i];
  }

  /** Returns the position (in {@link #order}) of the last dispatch of position i's level. */
  int levelEnd(int i) {
    return levelEnd[i];
  }
}
