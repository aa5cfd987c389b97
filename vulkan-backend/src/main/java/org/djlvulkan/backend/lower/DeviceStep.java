package org.djlvulkan.backend.lower;

import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.ir.TensorData;

/**
 * A recorded device graph over nodes {@code [.., end)}: its inputs are named after the IR values
 * they take, its outputs are graph outputs or values a later step reads.
 *
 * @param graph the graph (owned by the variant)
 * @param outputs how each device output comes back
 * @param constants values of the range that folded to constants and later steps read
 * @param end the first node after the range
 */
record DeviceStep(
    ComputeGraph graph, List<OutputInfo> outputs, Map<String, TensorData> constants, int end)
    implements Step {
  DeviceStep {
    outputs = List.copyOf(outputs);
    constants = Map.copyOf(constants);
  }
}
