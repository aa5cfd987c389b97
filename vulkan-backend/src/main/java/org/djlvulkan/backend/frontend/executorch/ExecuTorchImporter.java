package org.djlvulkan.backend.frontend.executorch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.frontend.executorch.schema.EtBackendDelegate;
import org.djlvulkan.backend.frontend.executorch.schema.EtChain;
import org.djlvulkan.backend.frontend.executorch.schema.EtDelegateCall;
import org.djlvulkan.backend.frontend.executorch.schema.EtExecutionPlan;
import org.djlvulkan.backend.frontend.executorch.schema.EtInstruction;
import org.djlvulkan.backend.frontend.executorch.schema.EtInstructionArguments;
import org.djlvulkan.backend.frontend.executorch.schema.EtKernelCall;
import org.djlvulkan.backend.frontend.executorch.schema.EtMoveCall;
import org.djlvulkan.backend.frontend.executorch.schema.EtOperator;
import org.djlvulkan.backend.frontend.executorch.schema.VkGraph;
import org.djlvulkan.backend.frontend.executorch.schema.VkOperatorCall;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.GraphOutput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.UnsupportedModelException;

/**
 * Translates an ExecuTorch program's execution plan into one IR graph: each instruction of its
 * chain in order, a kernel call (a portable {@code aten::*.out} kernel) as its operator's IR nodes,
 * a call of the Vulkan delegate as the nodes of its {@code VkGraph} (its inputs and outputs bound
 * to the plan's values), a move as an identity. Views that ExecuTorch's memory planning turned into
 * aliases (a tensor that nothing writes, sharing its memory with one that is written) become
 * reshapes. Every operator the engine cannot run is listed in one error; a delegate of another
 * backend is refused with how to re-export the model.
 *
 * <p>Graph inputs and outputs are named {@code input_N} and {@code output_N}; their first dimension
 * (the batch of the program's example inputs) is left open, so the same program runs other batch
 * sizes wherever its operators allow.
 */
public final class ExecuTorchImporter {
  /** The IR semantics the translation produces (the ONNX operator set they follow). */
  private static final long OPSET = 17;

  private final PteFile file;
  private final String source;
  private final EtGraphBuilder builder = new EtGraphBuilder();
  private final List<EtCall> calls = new ArrayList<>();
  private final Set<String> missing = new LinkedHashSet<>();
  private PlanValues values;

  private ExecuTorchImporter(PteFile file) {
    this.file = file;
    this.source = file.source();
  }

  /**
   * Imports a program.
   *
   * @param file the program
   * @return the IR graph
   * @throws ModelFormatException when the program is damaged
   * @throws UnsupportedModelException when it is valid but uses what the engine cannot run
   */
  public static IrGraph importProgram(PteFile file) {
    try {
      return new ExecuTorchImporter(file).run();
    } catch (org.djlvulkan.backend.model.ModelException e) {
      throw e;
    } catch (RuntimeException e) {
      // Flatbuffers are read without a verifier: a damaged offset shows as an exception here.
      throw new ModelFormatException(file.source(), "damaged program: " + e);
    }
  }

  private IrGraph run() {
    var program = file.program();
    if (program.executionPlanLength() == 0) {
      throw new ModelFormatException(source, "the program has no execution plan");
    }
    EtExecutionPlan plan = program.executionPlan(0);
    for (int i = 0; i < program.executionPlanLength(); i++) {
      if ("forward".equals(program.executionPlan(i).name())) {
        plan = program.executionPlan(i);
      }
    }
    values = new PlanValues(file, plan, builder);
    List<GraphInput> inputs = new ArrayList<>();
    Set<String> inputNames = new HashSet<>();
    for (int k = 0; k < plan.inputsLength(); k++) {
      int v = plan.inputs(k);
      if (values.kind(v) != ValueTable.Kind.TENSOR) {
        throw new UnsupportedModelException(
            source, "program input " + k + " is a " + values.kind(v) + " (tensors only)");
      }
      String name = "input_" + k;
      values.bind(v, name);
      inputNames.add(name);
      inputs.add(new GraphInput(name, values.type(v), batchOpen(values.dims(v))));
    }
    for (int c = 0; c < plan.chainsLength(); c++) {
      EtChain chain = plan.chains(c);
      for (int i = 0; i < chain.instructionsLength(); i++) {
        instruction(plan, chain.instructions(i), c, i);
      }
    }
    if (!missing.isEmpty()) {
      throw new UnsupportedModelException(source, List.copyOf(missing));
    }
    for (EtCall call : calls) {
      EtOperators.translate(call, builder);
    }
    List<GraphOutput> outputs = new ArrayList<>();
    for (int k = 0; k < plan.outputsLength(); k++) {
      int v = plan.outputs(k);
      if (values.kind(v) != ValueTable.Kind.TENSOR) {
        throw new UnsupportedModelException(
            source, "program output " + k + " is a " + values.kind(v) + " (tensors only)");
      }
      outputs.add(
          new GraphOutput(
              values.tensor(v),
              new GraphInput("output_" + k, values.type(v), batchOpen(values.dims(v)))));
    }
    List<IrNode> nodes = resolveAliases(builder.nodes(), inputNames);
    return new IrGraph(source, Map.of("", OPSET), inputs, builder.constants(), nodes, outputs);
  }

  private static long[] batchOpen(long[] dims) {
    long[] d = dims.clone();
    if (d.length >= 2) {
      d[0] = -1;
    }
    return d;
  }

  private void instruction(EtExecutionPlan plan, EtInstruction ins, int chain, int index) {
    switch (ins.instrArgsType()) {
      case EtInstructionArguments.EtKernelCall:
        {
          EtKernelCall k = (EtKernelCall) ins.instrArgs(new EtKernelCall());
          if (k.opIndex() < 0 || k.opIndex() >= plan.operatorsLength()) {
            throw new ModelFormatException(source, "kernel call of operator " + k.opIndex());
          }
          EtOperator op = plan.operators(k.opIndex());
          String overload = op.overload() == null ? "" : op.overload();
          String label = op.name() + (overload.isEmpty() ? "" : "." + overload);
          add(
              "kernel " + chain + ":" + index,
              label,
              EtOperators.planKey(op.name()),
              args(k.argsLength(), k::args),
              values);
          break;
        }
      case EtInstructionArguments.EtDelegateCall:
        delegate(plan, (EtDelegateCall) ins.instrArgs(new EtDelegateCall()));
        break;
      case EtInstructionArguments.EtMoveCall:
        {
          EtMoveCall m = (EtMoveCall) ins.instrArgs(new EtMoveCall());
          builder.node(
              new IrNode(
                  "move " + chain + ":" + index,
                  Op.IDENTITY,
                  "move",
                  List.of(values.tensor(m.moveFrom())),
                  List.of(values.tensor(m.moveTo())),
                  Attributes.NONE,
                  Activation.NONE));
          break;
        }
      case EtInstructionArguments.EtFreeCall:
        break;
      case EtInstructionArguments.EtJumpFalseCall:
        throw new UnsupportedModelException(
            source, "the program has control flow (JumpFalseCall), which is not supported");
      default:
        throw new ModelFormatException(
            source, "instruction " + index + " has unknown type " + ins.instrArgsType());
    }
  }

  private interface IntAt {
    int at(int i);
  }

  private int[] args(int n, IntAt get) {
    file.checkLength(n, 4, "an argument list");
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = get.at(i);
    }
    return a;
  }

  private void add(String name, String label, String key, int[] args, ValueTable table) {
    if (!EtOperators.supported(key)) {
      missing.add(label + " '" + name + "'");
      return;
    }
    calls.add(new EtCall(source, name, label, key, args, table));
  }

  private void delegate(EtExecutionPlan plan, EtDelegateCall call) {
    int index = call.delegateIndex();
    if (index < 0 || index >= plan.delegatesLength()) {
      throw new ModelFormatException(source, "call of delegate " + index + ", which is not there");
    }
    EtBackendDelegate d = plan.delegates(index);
    if (!VulkanPayload.BACKEND_ID.equals(d.id())) {
      throw new UnsupportedModelException(
          source,
          "the program is lowered for the '"
              + d.id()
              + "' delegate, which this engine cannot run; export it for Vulkan with"
              + " to_edge_transform_and_lower(..., partitioner=[VulkanPartitioner()]), or without"
              + " a partitioner (portable operators)");
    }
    ByteBuffer payload;
    var ref = d.processed();
    if (ref == null) {
      throw new ModelFormatException(source, "delegate " + index + " has no payload");
    }
    if (ref.location() == 0) {
      var program = file.program();
      if (ref.index() >= program.backendDelegateDataLength()) {
        throw new ModelFormatException(source, "inline delegate data " + ref.index() + " missing");
      }
      payload = program.backendDelegateData((int) ref.index()).dataAsByteBuffer();
      if (payload == null) {
        throw new ModelFormatException(source, "inline delegate data " + ref.index() + " empty");
      }
      payload = payload.slice();
    } else {
      payload = file.segment((int) ref.index());
    }
    VulkanPayload vk = VulkanPayload.read(source, payload);
    VkGraph g = vk.graph();
    VkGraphValues table = new VkGraphValues(file, vk, "d" + index + "_", builder);
    int nIn = g.inputIdsLength();
    int nOut = g.outputIdsLength();
    if (call.argsLength() != nIn + nOut) {
      throw new ModelFormatException(
          source,
          "the delegate call passes "
              + call.argsLength()
              + " values, its graph has "
              + nIn
              + " inputs and "
              + nOut
              + " outputs");
    }
    for (int i = 0; i < nIn; i++) {
      table.bind((int) g.inputIds(i), values.tensor(call.args(i)));
    }
    for (int i = 0; i < nOut; i++) {
      int id = (int) g.outputIds(i);
      String name = values.tensor(call.args(nIn + i));
      if (table.kind(id) == ValueTable.Kind.TENSOR && table.isConstant(id)) {
        // A constant the delegate hands back as it is (Swin's mask values): a constant of the plan.
        builder.constant(name, table.constant(id));
      } else {
        table.bind(id, name);
      }
    }
    for (int i = 0; i < g.chainLength(); i++) {
      VkOperatorCall op = g.chain(i);
      add(
          "vk" + index + "#" + op.nodeId(),
          op.name(),
          EtOperators.delegateKey(op.name()),
          args(op.argsLength(), op::args),
          table);
    }
  }

  /** Inserts a reshape where a node reads a memory-planned alias of a tensor written earlier. */
  private List<IrNode> resolveAliases(List<IrNode> nodes, Set<String> inputs) {
    Map<String, String> writtenAt = new HashMap<>();
    Set<String> written = new HashSet<>(inputs);
    List<IrNode> out = new ArrayList<>();
    for (IrNode n : nodes) {
      for (String in : n.inputs()) {
        if (!in.isEmpty() && !written.contains(in) && !builder.constants().containsKey(in)) {
          out.add(view(n, in, writtenAt));
          written.add(in);
        }
      }
      out.add(n);
      for (String o : n.outputs()) {
        if (!o.isEmpty()) {
          written.add(o);
          String at = allocation(o);
          if (at != null) {
            writtenAt.put(at, o);
          }
        }
      }
    }
    return out;
  }

  /** A reshape that makes {@code alias} from the tensor last written to its memory. */
  private IrNode view(IrNode reader, String alias, Map<String, String> writtenAt) {
    String at = allocation(alias);
    String target = at == null ? null : writtenAt.get(at);
    if (target == null) {
      throw new ModelFormatException(
          source, reader.describe() + " reads '" + alias + "', which nothing writes");
    }
    long[] shape = values.dims(planIndex(alias)).clone();
    if (shape.length > 0) {
      shape[0] = 0; // keep the batch of the viewed tensor
    }
    return new IrNode(
        "view " + alias,
        Op.RESHAPE,
        "memory-planned view",
        List.of(target, builder.longs(shape)),
        List.of(alias),
        Attributes.NONE,
        Activation.NONE);
  }

  /** Where a plan tensor lives in planned memory, or null (not a plan tensor, or unplanned). */
  private String allocation(String name) {
    int v = planIndex(name);
    return v < 0 ? null : values.allocation(v);
  }

  private int planIndex(String name) {
    if (name.startsWith("v")) {
      try {
        return Integer.parseInt(name.substring(1));
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }
}
