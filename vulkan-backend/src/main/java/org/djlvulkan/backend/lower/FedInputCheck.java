package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelTensor;
import org.djlvulkan.backend.model.PixelInput;
import org.djlvulkan.backend.model.SourceImages;
import org.djlvulkan.backend.model.TensorInfo;

/**
 * Checks a run's inputs against a model's declared inputs and says how the first came: as declared,
 * as 8-bit images of the input's size, or as images at their own size ({@link SourceImages}) for a
 * model loaded with a pixel input.
 */
final class FedInputCheck {
  private FedInputCheck() {}

  /**
   * Checks a run's inputs against the model's declared inputs.
   *
   * @param values the run's tensors
   * @param inputs the model's declared inputs
   * @param pixelInput the model's pixel input, or null when it takes none
   * @param source the model, for messages
   * @return the checked inputs
   * @throws IllegalArgumentException naming the input and the expected shape
   */
  static FedInputs check(
      List<? extends ModelTensor> values,
      List<TensorInfo> inputs,
      PixelInput pixelInput,
      String source) {
    if (sourceImagesFed(values, inputs, pixelInput)) {
      return checkSourceImages(values, inputs);
    }
    if (values.size() != inputs.size()) {
      throw new IllegalArgumentException(
          source + ": expected " + inputs.size() + " inputs " + inputs + ", got " + values.size());
    }
    long[][] shapes = new long[values.size()][];
    boolean pixels = false;
    for (int i = 0; i < values.size(); i++) {
      TensorInfo want = inputs.get(i);
      ModelTensor got = values.get(i);
      long[] gs = got.shape();
      if (i == 0 && pixelsFed(got, inputs, pixelInput)) {
        checkPixels(want, gs);
        shapes[i] = gs;
        pixels = true;
        continue;
      }
      checkDeclared(want, got);
      shapes[i] = gs;
    }
    return new FedInputs(
        List.copyOf(values),
        pixels ? FedInputs.First.PIXELS : FedInputs.First.AS_DECLARED,
        null,
        shapes);
  }

  private static void checkDeclared(TensorInfo want, ModelTensor got) {
    long[] ws = want.shape();
    long[] gs = got.shape();
    boolean ok = got.type() == want.type() && ws.length == gs.length;
    for (int d = 0; ok && d < ws.length; d++) {
      // A declared empty dimension matches; building the variant reports it as unsupported.
      ok = ws[d] == gs[d] || (ws[d] < 0 && gs[d] >= 0);
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "input '"
              + want.name()
              + "': expected "
              + want.type()
              + Arrays.toString(ws)
              + " (-1 = any size), got "
              + got);
    }
  }

  /**
   * Returns whether the first input comes as images at their own size: for a model loaded with a
   * pixel input, one more tensor than declared, the first two {@code uint8 [B]} and {@code int32
   * [N, 12]} ({@link SourceImages}).
   */
  private static boolean sourceImagesFed(
      List<? extends ModelTensor> values, List<TensorInfo> inputs, PixelInput pixelInput) {
    return pixelInput != null
        && values.size() >= 2
        && values.get(0) instanceof HostTensor
        && values.get(1) instanceof HostTensor
        && !inputs.isEmpty()
        && values.size() == inputs.size() + 1
        && values.get(0).type() == ElementType.UINT8
        && values.get(0).shape().length == 1
        && values.get(1).type() == ElementType.INT32;
  }

  private static FedInputs checkSourceImages(
      List<? extends ModelTensor> values, List<TensorInfo> inputs) {
    TensorInfo want = inputs.get(0);
    int n = SourceImages.check((HostTensor) values.get(0), (HostTensor) values.get(1));
    long[] ws = want.shape();
    if (ws.length == 4 && ws[0] >= 0 && ws[0] != n) {
      throw new IllegalArgumentException(
          "input '"
              + want.name()
              + "': "
              + n
              + " images at their own size, but the model takes batches of "
              + ws[0]
              + " ("
              + want.type()
              + Arrays.toString(ws)
              + ")");
    }
    if (ws.length != 4 || ws[1] != 3 || ws[2] <= 0 || ws[3] <= 0) {
      throw new IllegalArgumentException(
          "input '"
              + want.name()
              + "': "
              + n
              + " images at their own size need a declared input [N, 3, H, W] with a fixed height"
              + " and width, got "
              + want.type()
              + Arrays.toString(ws));
    }
    List<ModelTensor> tensors = new ArrayList<>();
    tensors.add(values.get(0));
    long[][] shapes = new long[inputs.size()][];
    shapes[0] = new long[] {n, ws[2], ws[3], 3};
    for (int i = 1; i < inputs.size(); i++) {
      ModelTensor got = values.get(i + 1);
      checkDeclared(inputs.get(i), got);
      tensors.add(got);
      shapes[i] = got.shape();
    }
    // The device reads the table's words as they are: as bytes, which no input conversion touches.
    HostTensor table = (HostTensor) values.get(1);
    HostTensor tableBytes =
        new HostTensor(
            ElementType.UINT8, new long[] {table.shape()[0], table.shape()[1] * 4}, table.data());
    return new FedInputs(tensors, FedInputs.First.SOURCE_IMAGES, tableBytes, shapes);
  }

  /** Returns whether a first input comes as 8-bit images for a model loaded with a pixel input. */
  private static boolean pixelsFed(
      ModelTensor first, List<TensorInfo> inputs, PixelInput pixelInput) {
    long[] s = first.shape();
    return pixelInput != null
        && first.type() == ElementType.UINT8
        && inputs.get(0).type() != ElementType.UINT8
        && s.length == 4
        && s[3] == 3;
  }

  /** Checks images {@code [N, H, W, 3]} against the declared {@code [N, 3, H, W]}. */
  private static void checkPixels(TensorInfo want, long[] gs) {
    long[] ws = want.shape();
    boolean ok = ws.length == 4 && ws[1] == 3;
    long[] nchw = {gs[0], 3, gs[1], gs[2]};
    for (int d = 0; ok && d < 4; d++) {
      ok = ws[d] == nchw[d] || (ws[d] < 0 && nchw[d] > 0);
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "input '"
              + want.name()
              + "': images "
              + Arrays.toString(gs)
              + " (N, H, W, 3) do not fit "
              + want.type()
              + Arrays.toString(ws));
    }
  }
}
