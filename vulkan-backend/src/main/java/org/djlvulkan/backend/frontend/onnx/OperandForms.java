package org.djlvulkan.backend.frontend.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;

/**
 * Gives nodes of older ONNX operator sets the form of the newer ones where only the place of an
 * operand changed, so that nothing after the importer reads the operator set for them:
 *
 * <ul>
 *   <li>Squeeze, Unsqueeze, Split (before 13), ReduceSum (before 13) and the other reductions
 *       (before 18): the {@code axes} (or {@code split}) attribute becomes the constant second
 *       input;
 *   <li>TopK (before 10): the {@code k} attribute becomes the constant second input;
 *   <li>Softmax and LogSoftmax (before 13), which work on the input flattened to 2-D at {@code
 *       axis} (default 1): the axis is set explicitly and the IR attribute {@link
 *       Attributes#FLATTEN_FROM_AXIS} says so; from 13 on they work along one axis (default -1).
 * </ul>
 */
final class OperandForms {
  private OperandForms() {}

  /**
   * Returns the node in its newer form.
   *
   * @param n the node as read (default domain)
   * @param opset the file's operator set for the default domain
   * @param constants the graph's constants, to which a moved operand is added
   * @return the node (the same node when nothing changes)
   */
  static IrNode canonical(IrNode n, long opset, Map<String, TensorData> constants) {
    switch (n.op()) {
      case SQUEEZE:
      case UNSQUEEZE:
        return opset < 13 ? attributeToInput(n, "axes", constants) : n;
      case SPLIT:
        return opset < 13 ? attributeToInput(n, "split", constants) : n;
      case TOP_K:
        if (opset < 10 && n.attrs().has("k")) {
          return withInput(n, "k", new long[] {n.attrs().i("k", 0)}, constants);
        }
        return n;
      case SOFTMAX:
      case LOG_SOFTMAX:
        if (opset < 13) {
          Attributes a =
              n.attrs()
                  .with(
                      Attributes.builder()
                          .i("axis", n.attrs().i("axis", 1))
                          .i(Attributes.FLATTEN_FROM_AXIS, 1)
                          .build());
          return new IrNode(
              n.name(), n.op(), n.label(), n.inputs(), n.outputs(), a, n.activation());
        }
        return n;
      default:
        if (isReduction(n.op()) && opset < (n.op() == Op.REDUCE_SUM ? 13 : 18)) {
          return attributeToInput(n, "axes", constants);
        }
        return n;
    }
  }

  private static boolean isReduction(Op op) {
    return switch (op) {
      case REDUCE_MAX,
              REDUCE_MIN,
              REDUCE_SUM,
              REDUCE_MEAN,
              REDUCE_PROD,
              REDUCE_L1,
              REDUCE_L2,
              REDUCE_LOG_SUM,
              REDUCE_LOG_SUM_EXP,
              REDUCE_SUM_SQUARE ->
          true;
      default -> false;
    };
  }

  /** Moves an integer-list attribute, when given, to the constant second input. */
  private static IrNode attributeToInput(
      IrNode n, String attribute, Map<String, TensorData> constants) {
    long[] values = n.attrs().ints(attribute);
    return values == null ? n : withInput(n, attribute, values, constants);
  }

  private static IrNode withInput(
      IrNode n, String attribute, long[] values, Map<String, TensorData> constants) {
    if (n.inputs().size() != 1) {
      return n; // not the older form: leave it to the lowering's checks
    }
    // Outputs are unique in a graph, so the constant's name is too.
    String name = n.outputs().get(0) + ":" + attribute;
    constants.put(name, TensorData.ofLongs(values, values.length));
    List<String> inputs = new ArrayList<>(n.inputs());
    inputs.add(name);
    return new IrNode(
        n.name(),
        n.op(),
        n.label(),
        inputs,
        n.outputs(),
        n.attrs().without(attribute),
        n.activation());
  }
}
