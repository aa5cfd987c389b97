package org.djlvulkan.backend.ops;

import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/** Shared helpers of the op builders: argument checks, workgroup sizes, grids. */
public final class OpSupport {
  /** Threads per workgroup of the one-dimensional element-wise kernels. */
  public static final int LOCAL_SIZE = 64;

  private OpSupport() {}

  /** Returns the pipeline of a one-dimensional kernel with {@link #LOCAL_SIZE} invocations. */
  public static PipelineKey linearKernel(KernelId name) {
    return PipelineKey.of(name, LOCAL_SIZE);
  }

  /** Returns the grid that covers {@code invocations} with workgroups of {@link #LOCAL_SIZE}. */
  public static Grid linearGrid(GraphBuilder g, long invocations) {
    return Grid.linear(g.capabilities(), invocations, LOCAL_SIZE);
  }

  /** Checks a value's element type and layout, or throws naming the op and the value. */
  public static void require(String op, Value v, DType dtype, Layout layout) {
    if (v.spec().dtype() != dtype || v.spec().layout() != layout) {
      throw new IllegalArgumentException(
          op + ": '" + v.name() + "' is " + v.spec() + ", expected " + dtype + " " + layout);
    }
  }

  /** Checks that a value has rank 4 at most, or throws naming the op and the value. */
  public static void requireRank4(String op, Value v) {
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
  public static void requireFeatureRows(String op, Value input, int inFeatures, int outFeatures) {
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
  public static long[] broadcastDims4(String op, Value a, Value b) {
    int[] da = OpSupport.dims4(a);
    int[] db = OpSupport.dims4(b);
    long[] out = new long[4];
    for (int i = 0; i < 4; i++) {
      if (da[i] != db[i] && da[i] != 1 && db[i] != 1) {
        throw mismatch(op, "shapes of", a, da, b, db, "do not broadcast (dimension " + i + ")");
      }
      out[i] = Math.max(da[i], db[i]);
    }
    return out;
  }

  /** Returns a value's N, C, H, W. */
  public static int[] dims4(Value v) {
    return new int[] {v.spec().n(), v.spec().c(), v.spec().h(), v.spec().w()};
  }

  /** Formats dimensions for messages. */
  public static String shape(int... dims) {
    return Arrays.toString(dims);
  }

  /**
   * Returns the error for two operands whose shapes do not fit together.
   *
   * @param op the operator, for the message
   * @param what what is compared, such as {@code shapes of}
   * @param a the first operand
   * @param da its dimensions
   * @param b the second operand
   * @param db its dimensions
   * @param problem what is wrong, such as {@code do not broadcast}
   * @return the exception, naming both operands and their shapes
   */
  public static IllegalArgumentException mismatch(
      String op, String what, Value a, int[] da, Value b, int[] db, String problem) {
    return new IllegalArgumentException(
        op + ": " + what + " '" + a.name() + "' " + shape(da) + " and '" + b.name() + "' "
            + shape(db) + " " + problem);
  }

  /**
   * Pushes the output's dimensions, then each operand's: the layout of the broadcasting kernels.
   *
   * @param pc the push constants
   * @param out the output's dimensions
   * @param da the first operand's
   * @param db the second operand's
   */
  public static void pushDims(PushConstants pc, long[] out, int[] da, int[] db) {
    for (long d : out) {
      pc.i((int) d);
    }
    for (int d : da) {
      pc.i(d);
    }
    for (int d : db) {
      pc.i(d);
    }
  }

  /**
   * Dispatches a one-input elementwise-style kernel over a linear grid and returns its output.
   *
   * @param g the graph
   * @param op the operator, for profiles
   * @param kernel the kernel's name
   * @param out the output
   * @param in the input
   * @param push the push constants
   * @param invocations how many invocations the grid covers
   * @return {@code out}
   */
  public static Value unary(
      GraphBuilder g,
      String op,
      KernelId kernel,
      Value out,
      Value in,
      byte[] push,
      long invocations) {
    g.dispatch(
        op,
        linearKernel(kernel),
        List.of(Binding.write(out), Binding.read(in)),
        push,
        linearGrid(g, invocations));
    return out;
  }
}
