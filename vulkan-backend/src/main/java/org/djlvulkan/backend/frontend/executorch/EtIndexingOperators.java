package org.djlvulkan.backend.frontend.executorch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The translations of ExecuTorch's indexing, scatter and creation operators ({@code
 * aten.slice_scatter}, {@code aten.index.Tensor}, {@code aten.copy}, {@code aten.arange}) into the
 * IR's ONNX-style operators; Swin Transformer's shifted-window masks are built from them. Where
 * their operands are constants the importer folds them. {@link EtOperators} registers them.
 */
final class EtIndexingOperators {
  private EtIndexingOperators() {}

  /**
   * {@code slice_scatter(self, src, dim, start, end, step)}: self with the slice {@code
   * [start:end]} along dim replaced by src, as {@code where(mask, pad(src), self)} with a constant
   * mask of the slice (step 1; other steps are reported).
   */
  static void sliceScatter(EtCall c, EtGraphBuilder b, int o) {
    long[] self = c.dims(0);
    int a = (int) EtTensorOperators.axis(c, c.integer(2), self.length);
    long size = self[a];
    long start = bound(c.isNull(3) ? 0 : c.integer(3), size);
    long end = bound(c.isNull(4) ? size : c.integer(4), size);
    long step = c.isNull(5) ? 1 : c.integer(5);
    if (step != 1) {
      throw c.problem("slice_scatter with step " + step + " (step 1 runs)");
    }
    long[] pads = new long[2 * self.length];
    pads[a] = start;
    pads[self.length + a] = size - Math.max(start, end);
    String padded = b.fresh(c.name() + ":padded");
    EtOperators.emit(
        c,
        b,
        Op.PAD,
        List.of(c.tensor(1), b.longs(pads), b.scalar(0f)),
        List.of(padded),
        Attributes.builder().s("mode", "constant").build(),
        Activation.NONE);
    long[] maskShape = new long[self.length];
    Arrays.fill(maskShape, 1);
    maskShape[a] = size;
    ByteBuffer mask = ByteBuffer.allocate(Math.toIntExact(size));
    for (long i = start; i < end; i++) {
      mask.put((int) i, (byte) 1);
    }
    String inSlice = b.constant(new TensorData(DataType.BOOL, maskShape, mask));
    EtOperators.emit(c, b, Op.WHERE, List.of(inSlice, padded, c.tensor(0)), c.outputs(o));
  }

  /** A slice bound as PyTorch reads it: negative from the end, then clamped to [0, size]. */
  private static long bound(long v, long size) {
    long x = v < 0 ? v + size : v;
    return Math.max(0, Math.min(size, x));
  }

  /**
   * {@code index.Tensor(self, indices)} with one index tensor, at position d of the list (the
   * others null): a Gather along d, whose output shape is PyTorch's for that case.
   */
  static void index(EtCall c, EtGraphBuilder b, int o) {
    ValueTable values = c.values();
    List<Integer> items = values.items(c.arg(1));
    int axis = -1;
    String index = null;
    for (int d = 0; d < items.size(); d++) {
      if (items.get(d) < 0) {
        continue; // an optional tensor list marks a missing index with -1
      }
      ValueTable.Kind k = values.kind(items.get(d));
      if (k == ValueTable.Kind.TENSOR) {
        if (index != null) {
          throw c.problem("indexing with several index tensors (one runs)");
        }
        axis = d;
        index = values.tensor(items.get(d));
      } else if (k != ValueTable.Kind.NULL) {
        throw c.problem("an index list holding a " + k);
      }
    }
    if (index == null) {
      throw c.problem("indexing without an index tensor");
    }
    EtOperators.emit(
        c,
        b,
        Op.GATHER,
        List.of(c.tensor(0), index),
        c.outputs(o),
        Attributes.builder().i("axis", axis).build(),
        Activation.NONE);
  }

  /** {@code copy(self, src, non_blocking)}: src broadcast to self's shape. */
  static void copy(EtCall c, EtGraphBuilder b, int o) {
    long[] self = c.dims(0);
    if (Arrays.equals(self, c.dims(1))) {
      EtOperators.emit(c, b, Op.IDENTITY, List.of(c.tensor(1)), c.outputs(o));
      return;
    }
    EtOperators.emit(c, b, Op.EXPAND, List.of(c.tensor(1), b.longs(self)), c.outputs(o));
  }

  /**
   * {@code arange(end)} and {@code arange.start_step(start, end, step)}: a constant of the output's
   * length, int64, int32 or float as the output is.
   */
  static void arange(EtCall c, EtGraphBuilder b, int o) {
    boolean startStep = c.label().contains("start");
    double start = startStep ? c.real(0) : 0;
    double step = startStep && c.count() > 2 && !c.isNull(2) ? c.real(2) : 1;
    int n = Math.toIntExact(c.outputDims(o)[0]);
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = start + k * step;
    }
    DataType type = c.values().type(c.outputId(o));
    String values =
        switch (type) {
          case INT64 -> b.longs(Arrays.stream(v).mapToLong(x -> (long) x).toArray());
          case INT32 -> b.ints32(Arrays.stream(v).mapToInt(x -> (int) x).toArray());
          case FLOAT -> b.floats(toFloats(v));
          default -> throw c.problem("arange of " + type + " (int64, int32 and float run)");
        };
    EtOperators.emit(c, b, Op.IDENTITY, List.of(values), c.outputs(o));
  }

  private static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      f[k] = (float) v[k];
    }
    return f;
  }
}
