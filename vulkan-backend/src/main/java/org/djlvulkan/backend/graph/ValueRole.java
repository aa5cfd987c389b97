package org.djlvulkan.backend.graph;

/** Where a value's memory comes from. */
public enum ValueRole {
  /** Written by the host before each run: a mapped upload buffer per execution context. */
  INPUT,
  /** Produced by a node and read back by the host: a mapped readback buffer per context. */
  OUTPUT,
  /** Produced and consumed by nodes: a region of the context's arena, reused by liveness. */
  INTERMEDIATE,
  /** Uploaded once at build and shared by all contexts: weights, packed parameters. */
  CONSTANT,
  /**
   * Owned by one context, zero when it is made, never shared by liveness; a dispatch that uses it
   * leaves it zero again, so every run finds it zero: counters that the workgroups of one dispatch
   * use to find the last of them, and sums they add into (one-pass split K).
   */
  STATE,
  /**
   * A view of another value's memory under another description (a reshape that needs no copy): no
   * memory of its own; reads and writes go to the viewed value, whose lifetime they extend.
   */
  ALIAS,
  /**
   * An intermediate that no node of the built graph touches (the nodes that wrote it were dropped
   * as dead, their results being read by nobody): no memory.
   */
  UNUSED
}
