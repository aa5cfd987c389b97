package org.djlvulkan.backend.model;

/**
 * GPU time of one node from timestamp queries.
 *
 * @param index the node's position in the graph
 * @param op the operator name
 * @param kernel the kernel that ran
 * @param micros microseconds between the end of the previous node and the end of this one
 */
public record NodeTiming(int index, String op, String kernel, double micros) {}
