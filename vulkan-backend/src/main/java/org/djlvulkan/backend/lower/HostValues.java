package org.djlvulkan.backend.lower;

import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.GraphOutput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.passes.ConstantEvaluator;

/**
 * Converts the values that pass between the steps of a run: a value the host computed in a type the
 * device does not take goes to the device as float32 (the device's form of integers, exact below
 * 2^24), and a graph output the host holds is cast to its declared type.
 */
final class HostValues {
  private HostValues() {}

  /**
   * Returns a value in a form a device graph input takes.
   *
   * @param t the value
   * @return {@code t}, or its float32 cast
   */
  static TensorData forDevice(TensorData t) {
    return VariantLowering.INPUT_TYPES.contains(t.type()) ? t : cast(t, DataType.FLOAT, "");
  }

  /**
   * Returns a graph output that a host step computed (or that passes a graph input through), in its
   * declared type.
   *
   * @param o the output
   * @param values the run's values
   * @param constants the values the run's steps folded
   * @param ir the prepared graph
   * @return the output
   */
  static HostTensor toHost(
      GraphOutput o,
      Map<String, TensorData> values,
      Map<String, TensorData> constants,
      IrGraph ir) {
    TensorData t = values.get(o.value());
    if (t == null) {
      t = constants.containsKey(o.value()) ? constants.get(o.value()) : ir.constant(o.value());
    }
    if (t == null) {
      throw new IllegalStateException(
          ir.source() + ": graph output '" + o.declared().name() + "' was not computed");
    }
    DataType declared = o.declared().type();
    return (t.type() == declared ? t : cast(t, declared, ir.source())).toHostTensor();
  }

  private static TensorData cast(TensorData t, DataType to, String source) {
    IrNode cast =
        new IrNode(
            "cast to " + to,
            Op.CAST,
            "Cast",
            List.of("x"),
            List.of("y"),
            Attributes.builder().i("to", to.code()).build(),
            Activation.NONE);
    return ConstantEvaluator.evaluate(source, cast, List.of(t));
  }
}
