package org.djlvulkan.backend.ops;

import java.util.Arrays;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/** Shared helpers of the op builders: argument checks, workgroup sizes, grids. */
final class OpSupport {
  /** Threads per workgroup of the one-dimensional element-wise kernels. */
  static final int LOCAL_SIZE = 64;

  private OpSupport() {}

  static PipelineKey linearKernel(String name) {
    return PipelineKey.of(name, LOCAL_SIZE);
  }

  static Grid linearGrid(GraphBuilder g, long invocations) {
    return Grid.linear(g.capabilities(), invocations, LOCAL_SIZE);
  }

  static void require(String op, Value v, DType dtype, Layout layout) {
    if (v.spec().dtype() != dtype || v.spec().layout() != layout) {
      throw new IllegalArgumentException(
          op + ": '" + v.name() + "' is " + v.spec() + ", expected " + dtype + " " + layout);
    }
  }

  static void requireRank4(String op, Value v) {
    if (v.spec().rank() > 4) {
      throw new IllegalArgumentException(
          op
              + ": '"
              + v.name()
              + "' has rank "
              + v.spec().rank()
              + " "
              + v.spec()
              + ", at most 4 is supported");
    }
  }

  /**
   * Checks that a linear layer's input is {@code [N, K]} or {@code [N, K, 1, 1]} for weights {@code
   * [outFeatures, K]}.
   */
  static void requireFeatureRows(String op, Value input, int inFeatures, int outFeatures) {
    TensorSpec in = input.spec();
    if (in.rank() > 4 || in.h() != 1 || in.w() != 1 || in.c() != inFeatures) {
      throw new IllegalArgumentException(
          op
              + ": '"
              + input.name()
              + "' "
              + in
              + " must be [N, "
              + inFeatures
              + "] (or [N, "
              + inFeatures
              + ", 1, 1]) for weights ["
              + outFeatures
              + ", "
              + inFeatures
              + "]");
    }
  }

  /**
   * The {@code [N, C, H, W]} shape two values broadcast to (each dimension equal, or 1 on one
   * side).
   */
  static long[] broadcastDims4(String op, Value a, Value b) {
    int[] da = OpSupport.dims4(a);
    int[] db = OpSupport.dims4(b);
    long[] out = new long[4];
    for (int i = 0; i < 4; i++) {
      if (da[i] != db[i] && da[i] != 1 && db[i] != 1) {
        throw new IllegalArgumentException(
            op
                + ": shapes of '"
                + a.name()
                + "' "
                + OpSupport.shape(da)
                + " and '"
                + b.name()
                + "' "
                + OpSupport.shape(db)
                + " do not broadcast (dimension "
                + i
                + ")");
      }
      out[i] = Math.max(da[i], db[i]);
    }
    return out;
  }

  static int[] dims4(Value v) {
    return new int[] {v.spec().n(), v.spec().c(), v.spec().h(), v.spec().w()};
  }

  static String shape(int... dims) {
    return Arrays.toString(dims);
  }
}
