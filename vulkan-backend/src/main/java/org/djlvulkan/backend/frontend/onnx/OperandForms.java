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
 *   <li>Clip (before 11): {@code min} and {@code max} become the constant inputs 1 and 2;
 *   <li>Pad (before 11): {@code pads} and {@code value} become the constant inputs 1 and 2;
 *   <li>Slice (before 10): {@code starts}, {@code ends} and {@code axes} become inputs 1 to 3;
 *   <li>Upsample (before 9): {@code scales} becomes the constant second input;
 *   <li>Resize of operator set 10 (inputs X, scales; asymmetric coordinates, nearest rounding down)
 *       takes the operator set 11 form: inputs X, no roi, scales, and those two modes as
 *       attributes;
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
          long k = n.attrs().i("k", 0);
          return moved(n, List.of("k"), List.of(TensorData.ofLongs(new long[] {k}, 1)), constants);
        }
        return n;
      case CLIP:
        return opset < 11 ? clip(n, constants) : n;
      case PAD:
        return opset < 11 ? pad(n, constants) : n;
      case SLICE:
        return opset < 10 ? slice(n, constants) : n;
      case UPSAMPLE:
        if (opset < 9 && n.attrs().has("scales")) {
          return moved(
              n, List.of("scales"), List.of(floats(n.attrs().floats("scales"))), constants);
        }
        return n;
      case RESIZE:
        return opset == 10 ? resize10(n) : n;
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
        if (n.op().reducesAxes() && opset < (n.op() == Op.REDUCE_SUM ? 13 : 18)) {
          return attributeToInput(n, "axes", constants);
        }
        return n;
    }
  }

  private static IrNode clip(IrNode n, Map<String, TensorData> constants) {
    List<String> names = new ArrayList<>();
    List<TensorData> values = new ArrayList<>();
    for (String bound : List.of("min", "max")) {
      names.add(bound);
      values.add(n.attrs().has(bound) ? scalar(n.attrs().f(bound, 0f)) : null);
    }
    return moved(n, names, values, constants);
  }

  private static IrNode pad(IrNode n, Map<String, TensorData> constants) {
    long[] pads = n.attrs().ints("pads");
    if (pads == null) {
      return n;
    }
    return moved(
        n,
        List.of("pads", "value"),
        List.of(TensorData.ofLongs(pads, pads.length), scalar(n.attrs().f("value", 0f))),
        constants);
  }

  private static IrNode slice(IrNode n, Map<String, TensorData> constants) {
    List<String> names = new ArrayList<>();
    List<TensorData> values = new ArrayList<>();
    for (String operand : List.of("starts", "ends", "axes")) {
      long[] v = n.attrs().ints(operand);
      names.add(operand);
      values.add(v == null ? null : TensorData.ofLongs(v, v.length));
    }
    return moved(n, names, values, constants);
  }

  /** Operator set 10's Resize in the operator set 11 form (its fixed modes made explicit). */
  private static IrNode resize10(IrNode n) {
    if (n.inputs().size() != 2) {
      return n;
    }
    List<String> inputs = List.of(n.input(0), "", n.input(1));
    Attributes a =
        n.attrs()
            .with(
                Attributes.builder()
                    .s("coordinate_transformation_mode", "asymmetric")
                    .s("nearest_mode", "floor")
                    .build());
    return new IrNode(n.name(), n.op(), n.label(), inputs, n.outputs(), a, n.activation());
  }

  private static TensorData scalar(float v) {
    return TensorData.ofFloats(new float[] {v});
  }

  private static TensorData floats(float[] v) {
    return TensorData.ofFloats(v, v.length);
  }

  /**
   * Moves attributes to the constant inputs after the first (in order; a null value leaves its
   * input empty, and trailing empty ones are left out).
   */
  private static IrNode moved(
      IrNode n, List<String> names, List<TensorData> values, Map<String, TensorData> constants) {
    if (n.inputs().size() != 1) {
      return n; // not the older form: leave it to the lowering's checks
    }
    List<String> inputs = new ArrayList<>(n.inputs());
    int last = 0;
    for (int k = 0; k < names.size(); k++) {
      if (values.get(k) == null) {
        inputs.add("");
        continue;
      }
      // Outputs are unique in a graph, so the constant's name is too.
      String name = n.outputs().get(0) + ":" + names.get(k);
      constants.put(name, values.get(k));
      inputs.add(name);
      last = inputs.size();
    }
    return new IrNode(
        n.name(),
        n.op(),
        n.label(),
        inputs.subList(0, Math.max(1, last)),
        n.outputs(),
        n.attrs().without(names.toArray(String[]::new)),
        n.activation());
  }

  /** Moves an integer-list attribute, when given, to the constant second input. */
  private static IrNode attributeToInput(
      IrNode n, String attribute, Map<String, TensorData> constants) {
    long[] values = n.attrs().ints(attribute);
    return values == null
        ? n
        : moved(
            n, List.of(attribute), List.of(TensorData.ofLongs(values, values.length)), constants);
  }
}
