#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// The split-K reduce pass of a q8ta GEMM (q8_gemm_reduce.comp) that writes its codes straight into
// the im2col scratch of the next convolution (q8_im2col_4w4c.comp's layout), so that convolution
// needs no im2col dispatch: a ResNet bottleneck's 1 x 1 convolution feeding its 3 x 3 one at batch
// 1. Part one, one invocation per (position, channel group) as in the reduce pass: the slices'
// sums, requantized as q8_gemm_store.glslh does, then stored in every scratch word that reads that
// position (at most one per tap: output pixel m of tap t reads input (m's row * stride - pad + kh *
// dilation, ...)). Part two, one invocation per (scratch pixel, tap, run of 8 channel groups):
// where that tap lies in the padding, or the pixel is past the last one of its block, the run's
// words are the input zero point (the reduce's zy), as the im2col writes them. Every word of the
// scratch is written once. The slices' sum, the position's place and the window's geometry are
// the reduce pass's (q8_gemm_slices.glslh, q8_gemm_position.glslh) and the im2col's
// (q8_window.glslh). The scratch is one piece (m_first 0); the input has IC % 4 == 0 (4W4C,
// groups 1). Scratch: int word ((m / 4) * taps + tap) * C4 + c4) * 4 + m % 4.
#include "common.glslh"
#include "qconv/q8_conv.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Scratch { int scratch[]; };
layout(set = 0, binding = 1) readonly buffer Partials { ivec4 part_data[]; };
layout(set = 0, binding = 2) readonly buffer Channels { Q8Channels ch[]; };

// The push constants of q8_gemm_reduce.comp (the producer's GEMM), then the consumer's window.
layout(push_constant) uniform Params {
  uint p4s;
  uint k4s;
  uint out_c;
  uint out_w;
  uint flat_pixels;
  uint m_first;
  uint m_count;
  uint splits;
  int zx;
  float inv_sy;
  int zy;
  float lo;
  float hi;
  uint in_h;      // the producer's output rows per image (the consumer's input height)
  uint s_out_h;   // the consumer's output size
  uint s_out_w;
  uint s_pixels;  // N * s_out_h * s_out_w
  uint taps;      // KH * KW
  uint kernel_w;
  uint stride_h;
  uint stride_w;
  uint dilation_h;
  uint dilation_w;
  int pad_top;
  int pad_left;
} p;

#include "qconv/q8_gemm_position.glslh"
#include "qconv/q8_gemm_slices.glslh"
#define Q8_WINDOW_GEOMETRY_ONLY
#include "qconv/q8_window.glslh"

// Channel groups per invocation of part two.
#define C4_RUN 8u

uint scratch_index(uint m, uint tap, uint c4, uint c4s) {
  return (((m / 4u) * p.taps + tap) * c4s + c4) * 4u + m % 4u;
}

// The consumer's window over the producer's output (in_c4s is not used here).
Q8Window consumer_window(uint c4s) {
  return Q8Window(c4s, p.in_h, p.out_w, p.s_out_h, p.s_out_w, p.kernel_w, p.stride_h, p.stride_w,
                  p.dilation_h, p.dilation_w, p.pad_top, p.pad_left);
}

// Reduces and requantizes entry idx (position 4 * p4 + j, channel group oc4) and stores the word
// in every scratch word whose tap reads that position.
void reduce_and_scatter(uint idx, uint oc4s, uint rows) {
  uint oc4 = idx % oc4s;
  uint row = idx / oc4s;
  ivec4 sum = q8_add_slices(idx, rows * oc4s, p.splits);
  uint r;
  uint w;
  if (!q8_gemm_position(row / 4u, row % 4u, r, w)) {
    return;
  }
  int word = q8_requantize(sum, p.zx, ch[oc4], p.lo, p.hi, p.inv_sy, p.zy,
                           q8_valid_lanes(oc4, p.out_c));
  Q8Window g = consumer_window(oc4s);
  uint n = r / p.in_h;
  int ih = int(r % p.in_h);
  int iw = int(w);
  for (uint tap = 0u; tap < p.taps; tap++) {
    // Output pixel (oh, ow) reads (oh * stride + d.x, ow * stride + d.y) at this tap.
    ivec2 d = q8_window_offset(g, tap);
    int y = ih - d.x;
    int x = iw - d.y;
    if (y < 0 || x < 0) {
      continue;
    }
    uint oh = uint(y) / p.stride_h;
    uint ow = uint(x) / p.stride_w;
    if (oh * p.stride_h == uint(y) && ow * p.stride_w == uint(x) && oh < p.s_out_h
        && ow < p.s_out_w) {
      scratch[scratch_index((n * p.s_out_h + oh) * p.s_out_w + ow, tap, oc4, oc4s)] = word;
    }
  }
}

// Writes the zero point into channel groups c4_first.. (a run of C4_RUN) of scratch pixel m's tap
// where that tap reads padding or m is past the last pixel.
void fill_padding(uint cell, uint c4s) {
  uint runs = DJLV_DIV_CEIL(c4s, C4_RUN);
  uint c4_first = (cell % runs) * C4_RUN;
  uint tap = (cell / runs) % p.taps;
  uint m = cell / (runs * p.taps);
  Q8Window g = consumer_window(c4s);
  ivec2 d = q8_window_offset(g, tap);
  if (!q8_window_pixel(g, 0u, p.s_pixels, m, d.x, d.y).inside) {
    int zword = q8_splat(p.zy);
    [[unroll]] for (uint k = 0u; k < C4_RUN; k++) {
      if (c4_first + k < c4s) {
        scratch[scratch_index(m, tap, c4_first + k, c4s)] = zword;
      }
    }
  }
}

void main() {
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint idx = DJLV_FLAT_INDEX();
  uint rows = p.p4s * 4u;
  uint reduced = rows * oc4s;
  if (idx < reduced) {
    reduce_and_scatter(idx, oc4s, rows);
    return;
  }
  uint cell = idx - reduced;
  if (cell < DJLV_DIV_CEIL(p.s_pixels, 4u) * 4u * p.taps * DJLV_DIV_CEIL(oc4s, C4_RUN)) {
    fill_padding(cell, oc4s);
  }
}
