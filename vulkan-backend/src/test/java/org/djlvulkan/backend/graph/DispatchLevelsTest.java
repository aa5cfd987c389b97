package org.djlvulkan.backend.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;
import org.junit.jupiter.api.Test;

/** {@link DispatchLevels}: dependencies from the bindings, levels, and the levels' positions. */
class DispatchLevelsTest {
  private final List<Value> values = new ArrayList<>();

  private Value value(String name) {
    Value v = new Value(values.size(), name, TensorSpec.of(DType.F32, Layout.NCHW, 4));
    values.add(v);
    return v;
  }

  private static DispatchNode node(String op, Binding... bindings) {
    return new DispatchNode(
        op,
        PipelineKey.of(KernelId.Q8TA_GEMM),
        List.of(bindings),
        new byte[0],
        new Grid(1, 1, 1),
        0);
  }

  private static List<String> ops(DispatchLevels levels) {
    return levels.order().stream().map(DispatchNode::op).toList();
  }

  @Test
  void aBranchBuiltAfterTheOtherMovesUpBesideIt() {
    Value x = value("x");
    Value a = value("a");
    Value c = value("c");
    Value b = value("b");
    Value d = value("d");
    // The shortcut (b) is built after the main branch's first step's consumer (c).
    List<DispatchNode> built =
        List.of(
            node("a", Binding.read(x), Binding.write(a)),
            node("c", Binding.read(a), Binding.write(c)),
            node("b", Binding.read(x), Binding.write(b)),
            node("d", Binding.read(b), Binding.read(c), Binding.write(d)));
    DispatchLevels levels = DispatchLevels.of(built, Value::id);
    assertThat(ops(levels)).containsExactly("a", "b", "c", "d");
    assertThat(levels.levels()).isEqualTo(3);
    assertThat(levels.levelStart(1)).isZero();
    assertThat(levels.levelEnd(0)).isEqualTo(1);
    assertThat(levels.levelStart(2)).isEqualTo(2);
    assertThat(levels.levelEnd(2)).isEqualTo(2);
    DispatchLevels asBuilt = DispatchLevels.asBuilt(built);
    assertThat(ops(asBuilt)).containsExactly("a", "c", "b", "d");
    assertThat(asBuilt.levels()).isEqualTo(4);
  }

  @Test
  void writesWaitForEarlierReadsAndWrites() {
    Value x = value("x");
    Value s = value("scratch");
    Value a = value("a");
    Value b = value("b");
    List<DispatchNode> built =
        List.of(
            node("fill", Binding.read(x), Binding.write(s)),
            node("use", Binding.read(s), Binding.write(a)),
            // Writes the scratch again: after its reader (write after read).
            node("refill", Binding.read(x), Binding.write(s)),
            node("use again", Binding.read(s), Binding.write(b)),
            // Reads and writes a: after the write of `use` only.
            node("update", Binding.readWrite(a)));
    DispatchLevels levels = DispatchLevels.of(built, Value::id);
    assertThat(ops(levels)).containsExactly("fill", "use", "refill", "update", "use again");
    assertThat(levels.levels()).isEqualTo(4);
    assertThat(levels.levelStart(3)).isEqualTo(2);
    assertThat(levels.levelEnd(2)).isEqualTo(3);
  }

  @Test
  void viewsDependThroughTheirStorage() {
    Value x = value("x");
    Value whole = value("whole");
    Value part = value("part of whole");
    Value y = value("y");
    Map<Integer, Integer> root = Map.of(part.id(), whole.id());
    List<DispatchNode> built =
        List.of(
            node("write whole", Binding.read(x), Binding.write(whole)),
            node("read part", Binding.read(part), Binding.write(y)));
    assertThat(DispatchLevels.of(built, v -> root.getOrDefault(v.id(), v.id())).levels())
        .isEqualTo(2);
    assertThat(DispatchLevels.of(built, Value::id).levels())
        .as("without the view's root the two look independent")
        .isEqualTo(1);
  }
}
