package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises the QDQ format (a float operator between DequantizeLinear nodes on its inputs and a
 * QuantizeLinear on its output) and rewrites each match into the operator of the QOperator format
 * that computes the same thing: {@code QLinearConv}, {@code QLinearMatMul}, {@code QGemm}, {@code
 * QLinearAdd}, {@code QLinearMul}, {@code QLinearAveragePool}, {@code QLinearGlobalAveragePool},
 * {@code QLinearConcat}, {@code QLinearSigmoid}, {@code QLinearLeakyRelu}, and MaxPool and the
 * views (Flatten, Reshape, Squeeze, Unsqueeze) on the quantized tensor where their output keeps its
 * input's quantization. Both formats then share one lowering. Weights stay quantized constants
 * (per-tensor or per output channel); activations must be quantized per tensor. A fused activation
 * on the float operator is kept on the quantized one. What does not match stays in float, and is
 * logged with the reason.
 */
public final class QdqRecognizer {
  private static final Logger LOG = LoggerFactory.getLogger(QdqRecognizer.class);

  private final IrGraph g;
  private final Map<String, IrNode> producers;
  private final Map<String, List<IrNode>> readers;
  private final Set<String> outputs;

  private QdqRecognizer(IrGraph g) {
    this.g = g;
    this.producers = g.producers();
    this.readers = g.consumers();
    this.outputs = g.outputValues();
  }

  /**
   * Runs the pass.
   *
   * @param g the graph
   * @return the number of operators rewritten
   */
  public static int run(IrGraph g) {
    return new QdqRecognizer(g).rewrite();
  }

  /** A DequantizeLinear feeding a float operator: the quantized tensor and its parameters. */
  private record Dq(String q, String scale, String zeroPoint) {}

  private int rewrite() {
    Map<IrNode, IrNode> replaced = new HashMap<>();
    Set<IrNode> dropped = new HashSet<>();
    for (IrNode n : g.nodes()) {
      String reason;
      IrNode q = null;
      List<IrNode> qs = readers.getOrDefault(n.outputs().isEmpty() ? "" : n.output(), List.of());
      if (!isQdqCandidate(n.op())) {
        continue;
      }
      boolean anyDq = false;
      for (String in : n.inputs()) {
        anyDq |= dq(in) != null;
      }
      if (!anyDq) {
        continue;
      }
      // op -> view -> QuantizeLinear (ExecuTorch's mean.dim without keepdim: a global pool, then a
      // Reshape): the quantized op, then the view of its codes.
      IrNode view = quantizedView(n, qs);
      if (view != null) {
        qs = readers.get(view.output());
      }
      if (n.outputs().size() != 1
          || qs.size() != 1
          || qs.get(0).op() != Op.QUANTIZE
          || outputs.contains(n.output())) {
        reason = "its output is not quantized once (QuantizeLinear as the only reader)";
      } else if (!perTensor(qs.get(0).input(1), qs.get(0).input(2))) {
        reason = "its output quantization is not per tensor with constant parameters";
      } else {
        q = qs.get(0);
        reason = null;
      }
      IrNode rewritten = null;
      if (reason == null) {
        List<String> why = new ArrayList<>();
        rewritten = rewriteOne(n, q, view == null ? q.output() : n.output(), why);
        reason = rewritten == null ? why.isEmpty() ? "unsupported pattern" : why.get(0) : null;
      }
      if (rewritten == null) {
        // A view that stays on floats costs nothing to say: only operators are logged.
        if (!isView(n.op())) {
          LOG.info("{}: QDQ region around {} stays in fp32: {}", g.source(), n.describe(), reason);
        }
        continue;
      }
      replaced.put(n, rewritten);
      if (view != null) {
        replaced.put(view, node(view, view.op(), view.inputs(), List.of(q.output()), view.attrs()));
      }
      dropped.add(q);
    }
    g.rewrite(replaced, dropped);
    return replaced.size();
  }

  /**
   * Returns the view (Flatten, Reshape, Squeeze, Unsqueeze) that is the only reader of a node's
   * output when a QuantizeLinear is the view's only reader, or null.
   */
  private IrNode quantizedView(IrNode n, List<IrNode> qs) {
    if (qs.size() != 1 || !isView(qs.get(0).op()) || isView(n.op())) {
      return null;
    }
    IrNode view = qs.get(0);
    List<IrNode> next = readers.getOrDefault(view.output(), List.of());
    boolean quantized =
        view.input(0).equals(n.output())
            && !outputs.contains(n.output())
            && !outputs.contains(view.output())
            && next.size() == 1
            && next.get(0).op() == Op.QUANTIZE;
    return quantized ? view : null;
  }

  private static boolean isView(Op op) {
    return op == Op.FLATTEN || op == Op.RESHAPE || op == Op.SQUEEZE || op == Op.UNSQUEEZE;
  }

  private static boolean isQdqCandidate(Op op) {
    switch (op) {
      case CONV:
      case GEMM:
      case MAT_MUL:
      case ADD:
      case MUL:
      case AVERAGE_POOL:
      case GLOBAL_AVERAGE_POOL:
      case MAX_POOL:
      case CONCAT:
      case SIGMOID:
      case LEAKY_RELU:
      case FLATTEN:
      case RESHAPE:
      case SQUEEZE:
      case UNSQUEEZE:
        return true;
      default:
        return false;
    }
  }

  /** Returns the DequantizeLinear that produces a value, or null. */
  private Dq dq(String value) {
    IrNode p = producers.get(value);
    if (p == null || p.op() != Op.DEQUANTIZE) {
      return null;
    }
    return new Dq(p.input(0), p.input(1), p.input(2));
  }

  private boolean perTensor(String scale, String zeroPoint) {
    TensorData s = g.constant(scale);
    if (s == null || s.count() != 1) {
      return false;
    }
    if (zeroPoint.isEmpty()) {
      return true;
    }
    TensorData z = g.constant(zeroPoint);
    return z != null && z.count() == 1 && (z.type() == DataType.UINT8 || z.type() == DataType.INT8);
  }

  /** An activation input: dequantized per tensor with constant parameters and an 8-bit type. */
  private Dq activation(String value, List<String> why) {
    Dq d = dq(value);
    if (d == null) {
      why.add("input '" + value + "' is not dequantized");
      return null;
    }
    if (!perTensor(d.scale(), d.zeroPoint())) {
      why.add("input '" + value + "' is not quantized per tensor to 8 bits");
      return null;
    }
    return d;
  }

  /**
   * A weight input: the dequantization of a constant 8-bit tensor, per tensor or along {@code
   * axis}.
   */
  private Dq weight(String value, int axis, List<String> why) {
    Dq d = dq(value);
    if (d == null || !g.isConstant(d.q())) {
      why.add("weight '" + value + "' is not a dequantized constant");
      return null;
    }
    TensorData w = g.constant(d.q());
    TensorData s = g.constant(d.scale());
    TensorData z = d.zeroPoint().isEmpty() ? null : g.constant(d.zeroPoint());
    if ((w.type() != DataType.INT8 && w.type() != DataType.UINT8)
        || s == null
        || (!d.zeroPoint().isEmpty() && z == null)) {
      why.add("weight '" + value + "' is not an 8-bit constant with constant parameters");
      return null;
    }
    if (s.count() != 1) {
      IrNode p = producers.get(value);
      long dqAxis = p.attrs().i("axis", 1);
      if (dqAxis < 0) {
        dqAxis += w.rank();
      }
      if (dqAxis != axis || s.rank() != 1 || s.count() != w.shape()[axis]) {
        why.add("weight '" + value + "' is not quantized per tensor or per output channel");
        return null;
      }
    }
    return d;
  }

  /** A bias input: absent, or the dequantization of an int32 constant with zero point 0. */
  private Dq bias(String value, List<String> why) {
    if (value.isEmpty()) {
      return new Dq("", "", "");
    }
    Dq d = dq(value);
    if (d == null || !g.isConstant(d.q()) || g.constant(d.q()).type() != DataType.INT32) {
      why.add("bias '" + value + "' is not a dequantized int32 constant");
      return null;
    }
    if (!d.zeroPoint().isEmpty()) {
      TensorData z = g.constant(d.zeroPoint());
      if (z == null) {
        why.add("bias '" + value + "' has a non-constant zero point");
        return null;
      }
      for (long v : z.toLongs()) {
        if (v != 0) {
          why.add("bias '" + value + "' has a non-zero zero point");
          return null;
        }
      }
    }
    return d;
  }

  /** Checks that the bias scale is the product of the input and weight scales (per channel). */
  private boolean biasScaleMatches(Dq x, Dq w, Dq b) {
    if (b.q().isEmpty()) {
      return true;
    }
    float xs = (float) g.constant(x.scale()).getDouble(0);
    float[] ws = g.constant(w.scale()).toFloats();
    float[] bs = g.constant(b.scale()).toFloats();
    if (bs.length != ws.length && bs.length != 1) {
      return false;
    }
    for (int c = 0; c < Math.max(ws.length, bs.length); c++) {
      float expect = xs * ws[ws.length == 1 ? 0 : c];
      float got = bs[bs.length == 1 ? 0 : c];
      if (Math.abs(expect - got) > 1e-6f * Math.abs(expect)) {
        return false;
      }
    }
    return true;
  }

  /** The dequantized activation, weight and bias (null when not asked for) of a weighted node. */
  private record Operands(Dq x, Dq w, Dq b) {
    /**
     * The quantized activation and weight triples (value, scale, zero point), then {@code more}.
     */
    List<String> inputsThen(String... more) {
      List<String> inputs = new ArrayList<>();
      inputs.addAll(List.of(x.q(), x.scale(), x.zeroPoint(), w.q(), w.scale(), w.zeroPoint()));
      inputs.addAll(List.of(more));
      return List.copyOf(inputs);
    }
  }

  /**
   * Finds the dequantized activation (input 0), weight (input 1, per-channel along {@code outAxis})
   * and, {@code withBias}, bias (input 2, its scale the product of the other two) of a Conv, MatMul
   * or Gemm; null, with the reason added to {@code why}, when one does not fit.
   */
  private Operands operands(IrNode n, int outAxis, boolean withBias, List<String> why) {
    Dq x = activation(n.input(0), why);
    Dq w = x == null ? null : weight(n.input(1), outAxis, why);
    if (w == null) {
      return null;
    }
    if (!withBias) {
      return new Operands(x, w, null);
    }
    Dq b = bias(n.input(2), why);
    if (b == null) {
      return null;
    }
    if (!biasScaleMatches(x, w, b)) {
      why.add("the bias scale is not input scale x weight scale");
      return null;
    }
    return new Operands(x, w, b);
  }

  /** Rewrites one match; the quantized node writes {@code output} on the grid of {@code q}. */
  private IrNode rewriteOne(IrNode n, IrNode q, String output, List<String> why) {
    List<String> yq = List.of(q.input(1), q.input(2));
    List<String> out = List.of(output);
    switch (n.op()) {
      case CONV:
        {
          Operands o = operands(n, 0, true, why);
          if (o == null) {
            return null;
          }
          return node(n, Op.QCONV, o.inputsThen(yq.get(0), yq.get(1), o.b().q()), out, n.attrs());
        }
      case MAT_MUL:
        {
          Operands o = operands(n, 1, false, why);
          if (o == null) {
            return null;
          }
          return node(n, Op.QMAT_MUL, o.inputsThen(yq.get(0), yq.get(1)), out, n.attrs());
        }
      case GEMM:
        {
          if (n.attrs().f("alpha", 1f) != 1f
              || n.attrs().f("beta", 1f) != 1f
              || n.attrs().i("transA", 0) != 0) {
            why.add("Gemm with alpha, beta != 1 or transA");
            return null;
          }
          int outAxis = n.attrs().i("transB", 0) != 0 ? 0 : 1;
          Operands o = operands(n, outAxis, true, why);
          if (o == null) {
            return null;
          }
          return node(n, Op.QGEMM, o.inputsThen(o.b().q(), yq.get(0), yq.get(1)), out, n.attrs());
        }
      case ADD:
      case MUL:
        {
          Dq a = activation(n.input(0), why);
          Dq b = a == null ? null : activation(n.input(1), why);
          if (b == null) {
            return null;
          }
          return node(
              n,
              n.op() == Op.ADD ? Op.QADD : Op.QMUL,
              List.of(
                  a.q(),
                  a.scale(),
                  a.zeroPoint(),
                  b.q(),
                  b.scale(),
                  b.zeroPoint(),
                  yq.get(0),
                  yq.get(1)),
              out,
              n.attrs());
        }
      case AVERAGE_POOL:
      case GLOBAL_AVERAGE_POOL:
      case SIGMOID:
      case LEAKY_RELU:
        {
          Dq x = activation(n.input(0), why);
          if (x == null) {
            return null;
          }
          return node(
              n,
              quantizedUnary(n.op()),
              List.of(x.q(), x.scale(), x.zeroPoint(), yq.get(0), yq.get(1)),
              out,
              n.attrs());
        }
      case MAX_POOL:
      case FLATTEN:
      case RESHAPE:
      case SQUEEZE:
      case UNSQUEEZE:
        // MaxPool and the views (ResNet's Flatten before its classifier) between a dequantization
        // and a quantization on the same grid move codes unchanged: the same node on the codes.
        return onCodes(n, yq, out, why);
      case CONCAT:
        {
          List<String> ins = new ArrayList<>(yq);
          for (String in : n.inputs()) {
            Dq x = activation(in, why);
            if (x == null) {
              return null;
            }
            ins.addAll(List.of(x.q(), x.scale(), x.zeroPoint()));
          }
          return node(n, Op.QCONCAT, ins, out, n.attrs());
        }
      default:
        return null;
    }
  }

  /** The node on its input's codes, where its output's grid {@code yq} is its input's. */
  private IrNode onCodes(IrNode n, List<String> yq, List<String> out, List<String> why) {
    Dq x = activation(n.input(0), why);
    if (x == null) {
      return null;
    }
    if (!sameQuant(x.scale(), x.zeroPoint(), yq.get(0), yq.get(1))) {
      why.add(n.label() + "'s output quantization differs from its input's");
      return null;
    }
    List<String> ins = new ArrayList<>(n.inputs());
    ins.set(0, x.q());
    return node(n, n.op(), ins, out, n.attrs());
  }

  private boolean sameQuant(String s1, String z1, String s2, String z2) {
    double a = g.constant(s1).getDouble(0);
    double b = g.constant(s2).getDouble(0);
    long za = z1.isEmpty() ? 0 : g.constant(z1).getLong(0);
    long zb = z2.isEmpty() ? 0 : g.constant(z2).getLong(0);
    DataType ta = z1.isEmpty() ? DataType.UINT8 : g.constant(z1).type();
    DataType tb = z2.isEmpty() ? DataType.UINT8 : g.constant(z2).type();
    return a == b && za == zb && ta == tb;
  }

  private static Op quantizedUnary(Op op) {
    switch (op) {
      case AVERAGE_POOL:
        return Op.QAVERAGE_POOL;
      case GLOBAL_AVERAGE_POOL:
        return Op.QGLOBAL_AVERAGE_POOL;
      case LEAKY_RELU:
        return Op.QLEAKY_RELU;
      default:
        return Op.QSIGMOID;
    }
  }

  private static IrNode node(IrNode from, Op op, List<String> ins, List<String> out, Attributes a) {
    return new IrNode(from.name(), op, from.label(), ins, out, a, from.activation());
  }
}
