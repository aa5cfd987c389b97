package org.djlvulkan.backend.plan;

import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * One recorded plan: the node (by its output value, unique in the IR), the input spec it was made
 * for, and the plan ({@code ops.fp.ConvPlan} or {@code ops.int8.QConvPlan}).
 *
 * @param value the node's output value
 * @param input the input spec the plan was made for
 * @param plan the plan
 */
public record NodePlan(String value, TensorSpec input, Record plan) {}
