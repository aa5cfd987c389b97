package org.djlvulkan.backend.ops;

import java.util.Arrays;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;

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

  static int[] dims4(Value v) {
    return new int[] {v.spec().n(), v.spec().c(), v.spec().h(), v.spec().w()};
  }

  static String shape(int[] dims) {
    return Arrays.toString(dims);
  }
}
