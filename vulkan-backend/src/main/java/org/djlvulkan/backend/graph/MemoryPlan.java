package org.djlvulkan.backend.graph;

import java.util.Map;

/**
 * Where each intermediate value lives in the execution context's arena.
 *
 * @param offsets byte offset per value id
 * @param plannedBytes the arena's size
 * @param unsharedBytes what the intermediates would take without reuse
 */
public record MemoryPlan(Map<Integer, Long> offsets, long plannedBytes, long unsharedBytes) {}
