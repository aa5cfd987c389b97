package org.djlvulkan.backend.passes;

import java.util.Arrays;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The host references of ONNX's signal operators (an audio model's spectrogram front end before its
 * convolutions): the Hann, Hamming and Blackman windows, DFT and STFT, computed in double. Complex
 * values are a trailing axis of 2 (real, imaginary); a real input has 1 there.
 */
final class HostSignal {
  private HostSignal() {}

  /** A window of {@code size} values, periodic (N = size) or symmetric (N = size - 1). */
  static TensorData window(Op op, long size, boolean periodic, int outputType) {
    if (size < 0) {
      throw new IllegalArgumentException("window size " + size);
    }
    double n = periodic ? size : size - 1;
    double[] w = new double[(int) size];
    for (int i = 0; i < size; i++) {
      double c = n == 0 ? 1 : Math.cos(2 * Math.PI * i / n);
      double c2 = n == 0 ? 1 : Math.cos(4 * Math.PI * i / n);
      w[i] =
          switch (op) {
            case HANN_WINDOW -> 0.5 - 0.5 * c;
            case HAMMING_WINDOW -> 25.0 / 46 - (1 - 25.0 / 46) * c;
            default -> 0.42 - 0.5 * c + 0.08 * c2;
          };
    }
    DataType type = DataType.fromCode(outputType);
    if (type == null) {
      throw new IllegalArgumentException("output_datatype " + outputType);
    }
    return TensorData.ofDoubles(type, w, size);
  }

  /** The output shape of DFT: the axis {@code length} (half plus one if one-sided), last axis 2. */
  static long[] dftShape(long[] s, int axis, long length, boolean onesided) {
    long[] out = s.clone();
    out[axis] = onesided ? length / 2 + 1 : length;
    out[s.length - 1] = 2;
    return out;
  }

  /**
   * DFT along {@code axis} of a real ({@code [..., 1]}) or complex ({@code [..., 2]}) signal,
   * padded with zeros or cut to {@code length}; inverse divides by the length.
   */
  static TensorData dft(TensorData x, int axis, long length, boolean inverse, boolean onesided) {
    long[] s = x.shape();
    if (s.length < 2 || (s[s.length - 1] != 1 && s[s.length - 1] != 2) || axis >= s.length - 1) {
      throw new IllegalArgumentException("signal " + x + " and axis " + axis + " do not fit DFT");
    }
    long[] out = dftShape(s, axis, length, onesided);
    int complexIn = (int) s[s.length - 1];
    int before = 1;
    for (int d = 0; d < axis; d++) {
      before *= (int) s[d];
    }
    int after = 1;
    for (int d = axis + 1; d < s.length - 1; d++) {
      after *= (int) s[d];
    }
    int n = (int) s[axis];
    int bins = (int) out[axis];
    double[] v = x.toDoubles();
    double[] y = new double[(int) (before * bins * after * 2L)];
    int samples = (int) Math.min(n, length);
    for (int b = 0; b < before; b++) {
      for (int a = 0; a < after; a++) {
        double[] re = new double[samples];
        double[] im = new double[samples];
        for (int t = 0; t < samples; t++) {
          int at = ((b * n + t) * after + a) * complexIn;
          re[t] = v[at];
          im[t] = complexIn == 2 ? v[at + 1] : 0;
        }
        double[] bin = transform(re, im, (int) length, bins, inverse);
        for (int k = 0; k < bins; k++) {
          int o = ((b * bins + k) * after + a) * 2;
          y[o] = bin[2 * k];
          y[o + 1] = bin[2 * k + 1];
        }
      }
    }
    return TensorData.ofDoubles(x.type(), y, out);
  }

  /** The output shape of STFT: {@code [batch, frames, bins, 2]}. */
  static long[] stftShape(long[] s, long step, long frameLength, boolean onesided) {
    long frames = (s[1] - frameLength) / step + 1;
    return new long[] {s[0], frames, onesided ? frameLength / 2 + 1 : frameLength, 2};
  }

  /**
   * STFT of {@code [batch, length, 1 or 2]}: frames of {@code frameLength} every {@code step}
   * samples, times the window (if any), each transformed.
   */
  static TensorData stft(
      TensorData x, long step, TensorData window, long frameLength, boolean onesided) {
    long[] s = x.shape();
    if (s.length != 3 || step <= 0 || frameLength <= 0 || frameLength > s[1]) {
      throw new IllegalArgumentException(
          "signal " + x + ", step " + step + " and frame length " + frameLength + " do not fit");
    }
    if (window != null && window.count() != frameLength) {
      throw new IllegalArgumentException("window " + window + " for frames of " + frameLength);
    }
    long[] out = stftShape(s, step, frameLength, onesided);
    int complexIn = (int) s[2];
    double[] v = x.toDoubles();
    double[] y = new double[(int) Arrays.stream(out).reduce(1, (p, q) -> p * q)];
    int frames = (int) out[1];
    int bins = (int) out[2];
    for (int b = 0; b < s[0]; b++) {
      for (int f = 0; f < frames; f++) {
        double[] re = new double[(int) frameLength];
        double[] im = new double[(int) frameLength];
        for (int t = 0; t < frameLength; t++) {
          int at = (int) ((b * s[1] + f * step + t) * complexIn);
          double w = window == null ? 1 : window.getDouble(t);
          re[t] = v[at] * w;
          im[t] = complexIn == 2 ? v[at + 1] * w : 0;
        }
        double[] bin = transform(re, im, (int) frameLength, bins, false);
        System.arraycopy(bin, 0, y, (b * frames + f) * bins * 2, bins * 2);
      }
    }
    return TensorData.ofDoubles(x.type(), y, out);
  }

  /**
   * The first {@code bins} bins of the DFT of {@code length} samples (those given, zeros after),
   * divided by the length when inverse, as interleaved real and imaginary parts.
   */
  private static double[] transform(
      double[] re, double[] im, int length, int bins, boolean inverse) {
    double sign = inverse ? 1 : -1;
    double[] out = new double[2 * bins];
    for (int k = 0; k < bins; k++) {
      double sumRe = 0;
      double sumIm = 0;
      for (int t = 0; t < re.length; t++) {
        double angle = sign * 2 * Math.PI * ((long) k * t % length) / length;
        sumRe += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
        sumIm += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
      }
      out[2 * k] = inverse ? sumRe / length : sumRe;
      out[2 * k + 1] = inverse ? sumIm / length : sumIm;
    }
    return out;
  }
}
