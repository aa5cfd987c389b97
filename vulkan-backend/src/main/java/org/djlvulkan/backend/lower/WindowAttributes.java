package org.djlvulkan.backend.lower;

import java.util.Arrays;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ops.AutoPad;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.Pool2dParams;

/**
 * The sliding-window geometry of convolution and pooling nodes, read from their attributes in one
 * place for every lowering (float, int8, integer and quantized-as-float): attribute values out of
 * range or inconsistent with the weights are reported as the node's unsupported feature.
 */
final class WindowAttributes {
  private final LoweringContext cx;

  WindowAttributes(LoweringContext cx) {
    this.cx = cx;
  }

  /**
   * Reads a convolution node's geometry (kernel, strides, dilations, pads or auto_pad, group).
   *
   * @param n the Conv or QLinearConv node
   * @param ws the weights' shape {@code [OC, IC / groups, KH, KW]}
   * @param inH the input height
   * @param inW the input width
   * @return the geometry
   */
  Conv2dParams conv(IrNode n, long[] ws, int inH, int inW) {
    try {
      return convParams(n, ws, inH, inW);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  /**
   * Reads a convolution node's geometry, as {@link #conv} does, for a caller without a lowering
   * context (the planning pass).
   *
   * @param n the Conv or QLinearConv node
   * @param ws the weights' shape {@code [OC, IC / groups, KH, KW]}
   * @param inH the input height
   * @param inW the input width
   * @return the geometry
   * @throws IllegalArgumentException naming the attribute that does not fit
   */
  static Conv2dParams convParams(IrNode n, long[] ws, int inH, int inW) {
    if (ws.length != 4) {
      throw new IllegalArgumentException(
          "weights " + Arrays.toString(ws) + ": only 2-D convolution runs");
    }
    int[] kernel = ints(n, "kernel_shape", new int[] {(int) ws[2], (int) ws[3]});
    if (kernel.length != 2 || kernel[0] != ws[2] || kernel[1] != ws[3]) {
      throw new IllegalArgumentException(
          "kernel_shape " + Arrays.toString(kernel) + " does not match the weights");
    }
    return Conv2dParams.onnx(
            kernel,
            ints(n, "strides", new int[] {1, 1}),
            ints(n, "dilations", new int[] {1, 1}),
            ints(n, "pads", new int[] {0, 0, 0, 0}),
            (int) n.attrs().i("group", 1))
        .withAutoPad(AutoPad.fromOnnx(n.attrs().s("auto_pad", "NOTSET")), inH, inW);
  }

  private static int[] ints(IrNode n, String name, int[] dflt) {
    long[] v = n.attrs().ints(name);
    if (v == null) {
      return dflt;
    }
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " out of range");
      }
      out[i] = (int) v[i];
    }
    return out;
  }

  /** Reads MaxPool / AveragePool attributes for a 4-D input. */
  Pool2dParams pool(IrNode n, DeviceTensor x) {
    try {
      return poolParams(n, x);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  private static Pool2dParams poolParams(IrNode n, DeviceTensor x) {
    int[] k = ints(n, "kernel_shape", null);
    if (k == null || k.length != 2) {
      throw new IllegalArgumentException("needs a 2-D kernel_shape");
    }
    int[] s = ints(n, "strides", new int[] {1, 1});
    int[] d = ints(n, "dilations", new int[] {1, 1});
    int[] p = ints(n, "pads", new int[] {0, 0, 0, 0});
    if (s.length != 2 || d.length != 2 || p.length != 4) {
      throw new IllegalArgumentException("strides, dilations and pads must be 2-D");
    }
    AutoPad mode = AutoPad.fromOnnx(n.attrs().s("auto_pad", "NOTSET"));
    int[] v = mode.pads(x.value().spec().h(), k[0], s[0], d[0], p[0], p[2]);
    int[] h = mode.pads(x.value().spec().w(), k[1], s[1], d[1], p[1], p[3]);
    return new Pool2dParams(
        k[0],
        k[1],
        s[0],
        s[1],
        v[0],
        h[0],
        v[1],
        h[1],
        d[0],
        d[1],
        n.attrs().i("ceil_mode", 0) != 0,
        n.attrs().i("count_include_pad", 0) != 0);
  }
}
