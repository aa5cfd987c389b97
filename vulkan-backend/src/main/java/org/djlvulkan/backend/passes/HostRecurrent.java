package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The host reference of ONNX's recurrent layers RNN, GRU and LSTM (a CRNN's sequence head after its
 * convolutions): forward, reverse or bidirectional, with biases, sequence lengths, initial states,
 * LSTM's peepholes, GRU's {@code linear_before_reset}, {@code clip}, either {@code layout}, and the
 * default activations (RNN Tanh; GRU Sigmoid, Tanh; LSTM Sigmoid, Tanh, Tanh). Outputs Y, Y_h and
 * LSTM's Y_c, computed in double (stored in the input's type).
 */
final class HostRecurrent {
  private HostRecurrent() {}

  /**
   * Runs one recurrent node.
   *
   * @param op RNN, GRU or LSTM
   * @param ins X, W, R, then the optional B, sequence_lens, initial_h (and initial_c, P for LSTM)
   * @param a the node's attributes
   * @return Y, Y_h and, for LSTM, Y_c
   */
  static List<TensorData> run(Op op, List<TensorData> ins, Attributes a) {
    int gates = op == Op.LSTM ? 4 : op == Op.GRU ? 3 : 1;
    TensorData x = ins.get(0);
    TensorData w = ins.get(1);
    TensorData r = ins.get(2);
    int hidden = (int) a.i("hidden_size", r.shape()[2]);
    boolean batchFirst = a.i("layout", 0) != 0;
    long[] xs = x.shape();
    if (xs.length != 3 || w.rank() != 3 || w.shape()[1] != (long) gates * hidden) {
      throw new IllegalArgumentException("X " + x + " and W " + w + " do not fit " + op);
    }
    int seq = (int) (batchFirst ? xs[1] : xs[0]);
    int batch = (int) (batchFirst ? xs[0] : xs[1]);
    int inputSize = (int) xs[2];
    int dirs = (int) w.shape()[0];
    String direction = a.s("direction", "forward").toLowerCase(Locale.ROOT);
    if ((dirs == 2) != direction.equals("bidirectional")) {
      throw new IllegalArgumentException("direction " + direction + " with " + dirs + " W");
    }
    if (a.i("input_forget", 0) != 0) {
      throw new IllegalArgumentException("input_forget is not supported");
    }
    DoubleUnaryOperator[] f = activations(op, a, dirs);
    int perDir = f.length / dirs;
    double clip = a.has("clip") ? a.f("clip", 0f) : Double.POSITIVE_INFINITY;
    boolean linearBeforeReset = a.i("linear_before_reset", 0) != 0;
    double[] xv = x.toDoubles();
    double[] wv = w.toDoubles();
    double[] rv = r.toDoubles();
    TensorData b = opt(ins, 3);
    TensorData lens = opt(ins, 4);
    TensorData h0 = opt(ins, 5);
    TensorData c0 = opt(ins, 6);
    TensorData p = opt(ins, 7);
    double[] y = new double[seq * dirs * batch * hidden];
    double[] yh = new double[dirs * batch * hidden];
    double[] yc = new double[dirs * batch * hidden];
    for (int d = 0; d < dirs; d++) {
      boolean reverse = direction.equals("reverse") || d == 1;
      for (int n = 0; n < batch; n++) {
        int len = lens == null ? seq : (int) lens.getLong(n);
        double[] h = new double[hidden];
        double[] c = new double[hidden];
        for (int k = 0; k < hidden; k++) {
          h[k] = h0 == null ? 0 : h0.getDouble((d * batch + n) * hidden + k);
          c[k] = c0 == null ? 0 : c0.getDouble((d * batch + n) * hidden + k);
        }
        for (int step = 0; step < len; step++) {
          int t = reverse ? len - 1 - step : step;
          double[] xt = new double[inputSize];
          for (int i = 0; i < inputSize; i++) {
            xt[i] = xv[(batchFirst ? n * seq + t : t * batch + n) * inputSize + i];
          }
          // Gate pre-activations from X and H (with their biases), one block of hidden per gate.
          double[] gx = new double[gates * hidden];
          double[] gh = new double[gates * hidden];
          for (int g = 0; g < gates * hidden; g++) {
            double sx = b == null ? 0 : b.getDouble(d * 2 * gates * hidden + g);
            double sh = b == null ? 0 : b.getDouble(d * 2 * gates * hidden + gates * hidden + g);
            for (int i = 0; i < inputSize; i++) {
              sx += xt[i] * wv[(d * gates * hidden + g) * inputSize + i];
            }
            for (int i = 0; i < hidden; i++) {
              sh += h[i] * rv[(d * gates * hidden + g) * hidden + i];
            }
            gx[g] = sx;
            gh[g] = sh;
          }
          double[] reset = new double[hidden];
          for (int k = 0; op == Op.GRU && k < hidden; k++) {
            reset[k] = f[d * perDir].applyAsDouble(clip(gx[hidden + k] + gh[hidden + k], clip));
          }
          double[] next = new double[hidden];
          for (int k = 0; k < hidden; k++) {
            DoubleUnaryOperator fa = f[d * perDir];
            switch (op) {
              case RNN -> next[k] = fa.applyAsDouble(clip(gx[k] + gh[k], clip));
              case GRU -> {
                DoubleUnaryOperator ga = f[d * perDir + 1];
                double z = fa.applyAsDouble(clip(gx[k] + gh[k], clip));
                double candidate;
                if (linearBeforeReset) {
                  candidate = gx[2 * hidden + k] + reset[k] * gh[2 * hidden + k];
                } else {
                  double recurrent = b == null ? 0 : b.getDouble(d * 6 * hidden + 5 * hidden + k);
                  for (int i = 0; i < hidden; i++) {
                    recurrent +=
                        reset[i] * h[i] * rv[(d * 3 * hidden + 2 * hidden + k) * hidden + i];
                  }
                  candidate = gx[2 * hidden + k] + recurrent;
                }
                double ht = ga.applyAsDouble(clip(candidate, clip));
                next[k] = (1 - z) * ht + z * h[k];
              }
              default -> {
                DoubleUnaryOperator ga = f[d * perDir + 1];
                DoubleUnaryOperator ha = f[d * perDir + 2];
                double pi = p == null ? 0 : p.getDouble(d * 3 * hidden + k);
                double po = p == null ? 0 : p.getDouble(d * 3 * hidden + hidden + k);
                double pf = p == null ? 0 : p.getDouble(d * 3 * hidden + 2 * hidden + k);
                double it = fa.applyAsDouble(clip(gx[k] + gh[k] + pi * c[k], clip));
                double ft =
                    fa.applyAsDouble(
                        clip(gx[2 * hidden + k] + gh[2 * hidden + k] + pf * c[k], clip));
                double ct = ga.applyAsDouble(clip(gx[3 * hidden + k] + gh[3 * hidden + k], clip));
                c[k] = ft * c[k] + it * ct;
                double ot =
                    fa.applyAsDouble(clip(gx[hidden + k] + gh[hidden + k] + po * c[k], clip));
                next[k] = ot * ha.applyAsDouble(c[k]);
              }
            }
          }
          h = next;
          for (int k = 0; k < hidden; k++) {
            int at =
                batchFirst
                    ? ((n * seq + t) * dirs + d) * hidden + k
                    : ((t * dirs + d) * batch + n) * hidden + k;
            y[at] = h[k];
          }
        }
        for (int k = 0; k < hidden; k++) {
          int at = batchFirst ? (n * dirs + d) * hidden + k : (d * batch + n) * hidden + k;
          yh[at] = h[k];
          yc[at] = c[k];
        }
      }
    }
    DataType type = x.type();
    long[] yShape =
        batchFirst ? new long[] {batch, seq, dirs, hidden} : new long[] {seq, dirs, batch, hidden};
    long[] stateShape =
        batchFirst ? new long[] {batch, dirs, hidden} : new long[] {dirs, batch, hidden};
    List<TensorData> out = new ArrayList<>();
    out.add(TensorData.ofDoubles(type, y, yShape));
    out.add(TensorData.ofDoubles(type, yh, stateShape));
    if (op == Op.LSTM) {
      out.add(TensorData.ofDoubles(type, yc, stateShape));
    }
    return out;
  }

  private static double clip(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  private static TensorData opt(List<TensorData> ins, int i) {
    return i < ins.size() ? ins.get(i) : null;
  }

  /**
   * The activation functions per direction: the operator's defaults (the IR does not carry an
   * {@code activations} list, so a node that names its own is refused).
   */
  private static DoubleUnaryOperator[] activations(Op op, Attributes a, int dirs) {
    if (a.has("activations") || a.has("activation_alpha") || a.has("activation_beta")) {
      throw new IllegalArgumentException("activations other than the defaults are not supported");
    }
    DoubleUnaryOperator sigmoid = v -> 1 / (1 + Math.exp(-v));
    DoubleUnaryOperator tanh = Math::tanh;
    DoubleUnaryOperator[] defaults =
        switch (op) {
          case RNN -> new DoubleUnaryOperator[] {tanh};
          case GRU -> new DoubleUnaryOperator[] {sigmoid, tanh};
          default -> new DoubleUnaryOperator[] {sigmoid, tanh, tanh};
        };
    DoubleUnaryOperator[] f = new DoubleUnaryOperator[defaults.length * dirs];
    for (int i = 0; i < f.length; i++) {
      f[i] = defaults[i % defaults.length];
    }
    return f;
  }
}
