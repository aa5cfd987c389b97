#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// 2-D max or average pooling on NC4HW4 fp32 (ONNX MaxPool / AveragePool semantics), one
// invocation per output vec4. Window (oh, ow) starts at (oh * stride - pad_top, ow * stride -
// pad_left); the host computes the output size (ceil_mode included).
// POOL_MAX 1: max over the window's input positions (dilated); a window without any gives
//   -FLT_MAX (as ONNX Runtime).
// POOL_MAX 0: sum over the window's input positions divided by, with count_include_pad, the
//   window's size clipped to the padded input [-pad, size + pad_end), else by the number of input
//   positions it covers.
// Padded channel lanes are written as zero.
#include "common.glslh"

#define POSITIONS_IN_FLIGHT 8

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };

layout(push_constant) uniform Params {
  int n;
  int c;
  int in_h;
  int in_w;
  int out_h;
  int out_w;
  int kernel_h;
  int kernel_w;
  int stride_h;
  int stride_w;
  int pad_top;
  int pad_left;
  int pad_bottom;
  int pad_right;
  int dilation_h;
  int dilation_w;
  int count_include_pad;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  int c4s = DJLV_DIV_CEIL(p.c, 4);
  uint total = uint(p.n * c4s * p.out_h * p.out_w);
  if (i >= total) {
    return;
  }
  int idx = int(i);
  int ow = idx % p.out_w;
  int oh = (idx / p.out_w) % p.out_h;
  int c4 = (idx / (p.out_w * p.out_h)) % c4s;
  int n = idx / (p.out_w * p.out_h * c4s);
  int h_start = oh * p.stride_h - p.pad_top;
  int w_start = ow * p.stride_w - p.pad_left;
  int base = (n * c4s + c4) * p.in_h * p.in_w;
#if POOL_MAX
  // The taps in row order, read POSITIONS_IN_FLIGHT at a time (a tap outside the input is read
  // clamped and left out), then taken in that order.
  vec4 acc = vec4(-3.402823466e+38);
  int taps = p.kernel_h * p.kernel_w;
  for (int t0 = 0; t0 < taps; t0 += POSITIONS_IN_FLIGHT) {
    vec4 xs[POSITIONS_IN_FLIGHT];
    bool inside[POSITIONS_IN_FLIGHT];
    [[unroll]] for (int k = 0; k < POSITIONS_IN_FLIGHT; k++) {
      int t = t0 + k;
      int ih = h_start + (t / p.kernel_w) * p.dilation_h;
      int iw = w_start + (t % p.kernel_w) * p.dilation_w;
      inside[k] = t < taps && ih >= 0 && ih < p.in_h && iw >= 0 && iw < p.in_w;
      int at = base + clamp(ih, 0, p.in_h - 1) * p.in_w + clamp(iw, 0, p.in_w - 1);
      xs[k] = ACT_LOAD(in_data[at]);
    }
    [[unroll]] for (int k = 0; k < POSITIONS_IN_FLIGHT; k++) {
      if (inside[k]) {
        // NaN wins, as in PyTorch (GLSL's max may return either operand).
        vec4 x = xs[k];
        acc = mix(max(acc, x), acc + x, bvec4(uvec4(isnan(acc)) | uvec4(isnan(x))));
      }
    }
  }
  vec4 r = acc;
#else
  int h_end = min(h_start + p.kernel_h, p.in_h + p.pad_bottom);
  int w_end = min(w_start + p.kernel_w, p.in_w + p.pad_right);
  int padded_count = (h_end - h_start) * (w_end - w_start);
  int h0 = max(h_start, 0);
  int w0 = max(w_start, 0);
  int h1 = min(h_end, p.in_h);
  int w1 = min(w_end, p.in_w);
  // The covered positions in row order, read POSITIONS_IN_FLIGHT at a time (a global pool's one
  // read per position and loop turn was a chain of 49 memory latencies) and added in that order.
  int cols = max(w1 - w0, 0);
  int positions = max(h1 - h0, 0) * cols;
  vec4 sum = vec4(0.0);
  for (int t0 = 0; t0 < positions; t0 += POSITIONS_IN_FLIGHT) {
    vec4 xs[POSITIONS_IN_FLIGHT];
    [[unroll]] for (int k = 0; k < POSITIONS_IN_FLIGHT; k++) {
      int t = min(t0 + k, positions - 1);
      xs[k] = ACT_LOAD(in_data[base + (h0 + t / cols) * p.in_w + w0 + t % cols]);
    }
    [[unroll]] for (int k = 0; k < POSITIONS_IN_FLIGHT; k++) {
      if (t0 + k < positions) {
        sum += xs[k];
      }
    }
  }
  int count = p.count_include_pad != 0 ? padded_count : (h1 - h0) * (w1 - w0);
  vec4 r = sum / float(max(count, 1));
#endif
  int c0 = c4 * 4;
  bvec4 valid = lessThan(ivec4(c0, c0 + 1, c0 + 2, c0 + 3), ivec4(p.c));
  out_data[i] = ACT_STORE(mix(vec4(0.0), r, valid));
}
