/**
 * The compute graph: values and dispatch nodes collected by a {@link
 * org.djlvulkan.backend.graph.GraphBuilder}, built once into a {@link
 * org.djlvulkan.backend.graph.ComputeGraph} (pipelines, uploaded constants, memory plan, barrier
 * plan) and run through per-thread {@link org.djlvulkan.backend.graph.ExecutionContext}s that
 * record their command buffer once and replay it.
 */
package org.djlvulkan.backend.graph;
