package org.djlvulkan.backend.frontend.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.UnsupportedModelException;

/**
 * Reads ONNX operator sets 1 to 6 by giving each node its operator set 7 meaning, where the change
 * is mechanical (ONNX Runtime rejects these files; old converters wrote them):
 *
 * <ul>
 *   <li>{@code consumed_inputs} (a memory hint of opsets 1 to 5) is dropped everywhere;
 *   <li>BatchNormalization: {@code is_test} is dropped; {@code spatial = 0} (statistics per
 *       activation, not per channel) has no opset 7 form and is an error;
 *   <li>Add, Sub, Mul, Div: {@code broadcast} is dropped (NumPy broadcasting covers it); an {@code
 *       axis} given with {@code broadcast = 1} aligns the second operand at that axis instead of at
 *       the end, kept as the IR attribute {@link Attributes#BROADCAST_AXIS} for the lowering;
 *   <li>Gemm: {@code broadcast} is dropped; Dropout: {@code is_test} is dropped;
 *   <li>PRelu: the slope (one value, or one per channel) aligns at axis 1;
 *   <li>Reshape: the {@code shape} attribute (opsets 1 to 4) becomes the constant second input;
 *   <li>Cast: a {@code to} given as a type name (opsets 1 to 5) becomes the type's code;
 *   <li>Concat: a missing {@code axis} (opsets 1 to 3) is 1;
 *   <li>Pad: {@code paddings} (opset 1) is {@code pads}.
 * </ul>
 */
final class LegacyOpsets {
  /** The operator set whose meaning upgraded nodes get. */
  static final long TARGET = 7;

  private LegacyOpsets() {}

  /**
   * Returns a node with its operator set 7 meaning.
   *
   * @param n the node as read
   * @param source the model, for messages
   * @param constants the graph's constants, to which a Reshape's shape is added
   * @return the upgraded node (the same node when nothing changes)
   * @throws UnsupportedModelException when the node's old meaning has no operator set 7 form
   */
  static IrNode upgrade(IrNode n, String source, Map<String, TensorData> constants) {
    Attributes a = n.attrs().without("consumed_inputs");
    List<String> inputs = n.inputs();
    switch (n.op()) {
      case BATCH_NORM:
        if (a.i("spatial", 1) == 0) {
          throw new UnsupportedModelException(
              source,
              n.name(),
              n.label(),
              "spatial = 0 (statistics per activation) of operator set < 7 is not supported",
              null);
        }
        a = a.without("is_test", "spatial");
        break;
      case ADD:
      case SUB:
      case MUL:
      case DIV:
        if (a.i("broadcast", 0) == 1 && a.has("axis")) {
          a = a.with(Attributes.builder().i(Attributes.BROADCAST_AXIS, a.i("axis", 0)).build());
        }
        a = a.without("broadcast", "axis");
        break;
      case GEMM:
        a = a.without("broadcast");
        break;
      case PRELU:
        // Before opset 7 the slope has one value or one per channel (dimension 1).
        a = a.with(Attributes.builder().i(Attributes.BROADCAST_AXIS, 1).build());
        break;
      case DROPOUT:
        a = a.without("is_test");
        break;
      case RESHAPE:
        if (a.has("shape") && inputs.size() == 1) {
          String shape = n.name() + ":shape";
          long[] dims = a.ints("shape");
          constants.put(shape, TensorData.ofLongs(dims, dims.length));
          inputs = new ArrayList<>(inputs);
          inputs.add(shape);
          a = a.without("shape");
        }
        break;
      case CAST:
        String to = a.s("to", null);
        if (to != null && !to.isEmpty()) {
          a = a.with(Attributes.builder().i("to", castCode(to, n, source)).build());
        }
        break;
      case PAD:
        if (a.has("paddings")) {
          a =
              a.with(Attributes.builder().ints("pads", a.ints("paddings")).build())
                  .without("paddings");
        }
        break;
      case CONCAT:
        if (!a.has("axis")) {
          a = a.with(Attributes.builder().i("axis", 1).build());
        }
        break;
      default:
        break;
    }
    return new IrNode(n.name(), n.op(), n.label(), inputs, n.outputs(), a, n.activation());
  }

  private static long castCode(String name, IrNode n, String source) {
    for (DataType t : DataType.values()) {
      if (t.name().equals(name.toUpperCase(Locale.ROOT))) {
        return t.code();
      }
    }
    throw new UnsupportedModelException(
        source, n.name(), n.label(), "Cast to '" + name + "' names no ONNX type", null);
  }
}
