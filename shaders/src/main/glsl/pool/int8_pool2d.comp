#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// 2-D max or average pooling of a packed int8 tensor (4C1W, or 4W4C with LAYOUT_4W4C=1; the output
// has the input's layout), one invocation per output word. Windows as in pool2d.comp (the host
// computes the output size, ceil_mode included).
// POOL_MAX 1: the maximum of the window's input values (dilated), exact; the output has the
//   input's scale and zero point. A window without input positions gives -128.
// POOL_MAX 0 (ONNX QLinearAveragePool): acc = sum over the window's input positions of (q - z_in),
//   in int32; count = with count_include_pad the window's size clipped to the padded input, else
//   the number of input positions it covers; y = float(acc) * ratios[count], where ratios[k] =
//   s_in / (k * s_out) was computed on the host; q = clamp(roundEven(y) + z_out, -128, 127).
// The output's padded channel lanes and W positions hold z_out.
// BLOCKS 1 (max pooling of 4W4C only): one invocation per output block (4 W positions of one
// channel group), reading the input's 16-byte blocks: for each window row, the blocks that hold
// the window columns of the block's 4 positions, each lane given to the positions whose windows
// take it. A third of the reads of a word per tap for ResNet50's 3 x 3 stride-2 pooling.
#include "common.glslh"

#define TAPS_IN_FLIGHT 8
#include "quant/int8_layout.glslh"

layout(local_size_x_id = 0) in;

#ifndef BLOCKS
#define BLOCKS 0
#endif
#if BLOCKS && !(POOL_MAX && LAYOUT_4W4C)
#error "the block form is max pooling of 4W4C"
#endif

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };
#if BLOCKS
layout(set = 0, binding = 0) writeonly buffer OutBlocks { ivec4 out_blocks[]; };
layout(set = 0, binding = 1) readonly buffer InBlocks { ivec4 in_blocks[]; };
#endif
#if !POOL_MAX
layout(set = 0, binding = 2) readonly buffer Ratios { float ratios[]; };
#endif

layout(push_constant) uniform Params {
  uvec4 in_dims;   // N, C, H, W
  uvec4 out_dims;  // N, C, OH, OW
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
  int z_in;
  int z_out;
} p;

#if BLOCKS
#define ROWS_AHEAD 3
#define BLOCKS_AHEAD 4

// Takes input block ib of a window row into the maxima of the four windows that start at columns
// w_first + j * stride_w and span span_w + 1 columns (dilated).
void pool_block(inout ivec4 acc[4], ivec4 words, int ib, int w_first, int span_w, int in_w) {
  [[unroll]] for (int l = 0; l < 4; l++) {
    int iw = ib * 4 + l;
    ivec4 x = q8_unpack(words[l]);
    [[unroll]] for (int j = 0; j < 4; j++) {
      int d = iw - (w_first + j * p.stride_w);
      bool takes = iw < in_w && d >= 0 && d <= span_w && d % p.dilation_w == 0;
      acc[j] = takes ? max(acc[j], x) : acc[j];
    }
  }
}

// Output block b: the words 4b .. 4b + 3, W positions w0 .. w0 + 3 of one channel group.
void main() {
  uint b = DJLV_FLAT_INDEX();
  if (b >= q8_word_count(p.out_dims) / 4u) {
    return;
  }
  uvec4 pos = q8_word_position(p.out_dims, b * 4u);
  int in_h = int(p.in_dims.z);
  int in_w = int(p.in_dims.w);
  int h_start = int(pos.z) * p.stride_h - p.pad_top;
  // Window j starts at input column w_first + j * stride_w; w_last is the last column any of the
  // four windows takes.
  int w_first = int(pos.w) * p.stride_w - p.pad_left;
  int span_w = (p.kernel_w - 1) * p.dilation_w;
  int w_last = w_first + 3 * p.stride_w + span_w;
  ivec4 acc[4] = ivec4[4](ivec4(-128), ivec4(-128), ivec4(-128), ivec4(-128));
  int b_first = max(w_first, 0) / 4;
  int b_last = min(w_last, in_w - 1) / 4;
  // ROWS_AHEAD window rows of BLOCKS_AHEAD blocks are read before any is used (reads past the
  // input are clamped and left out), so their latencies pass together; blocks past those of a row
  // (windows wider than BLOCKS_AHEAD * 4 - 3 columns) are read one at a time after.
  for (int kh0 = 0; kh0 < p.kernel_h; kh0 += ROWS_AHEAD) {
    ivec4 words[ROWS_AHEAD * BLOCKS_AHEAD];
    [[unroll]] for (int r = 0; r < ROWS_AHEAD; r++) {
      int ih = clamp(h_start + (kh0 + r) * p.dilation_h, 0, in_h - 1);
      [[unroll]] for (int q = 0; q < BLOCKS_AHEAD; q++) {
        int ib = min(b_first + q, max(b_last, 0));
        words[r * BLOCKS_AHEAD + q] =
            in_blocks[q8_word_index_4w4c(p.in_dims, pos.x, pos.y, uint(ih), uint(ib * 4)) / 4u];
      }
    }
    [[unroll]] for (int r = 0; r < ROWS_AHEAD; r++) {
      int ih = h_start + (kh0 + r) * p.dilation_h;
      if (kh0 + r >= p.kernel_h || ih < 0 || ih >= in_h) {
        continue;
      }
      [[unroll]] for (int q = 0; q < BLOCKS_AHEAD; q++) {
        if (b_first + q <= b_last) {
          pool_block(acc, words[r * BLOCKS_AHEAD + q], b_first + q, w_first, span_w, in_w);
        }
      }
      for (int ib = b_first + BLOCKS_AHEAD; ib <= b_last; ib++) {
        pool_block(acc,
                   in_blocks[q8_word_index_4w4c(p.in_dims, pos.x, pos.y, uint(ih),
                                                uint(ib * 4)) / 4u],
                   ib, w_first, span_w, in_w);
      }
    }
  }
  bvec4 lanes = q8_valid_lanes(pos.y, p.out_dims.y);
  ivec4 out_words;
  [[unroll]] for (int j = 0; j < 4; j++) {
    bool real = pos.w + uint(j) < p.out_dims.w;
    out_words[j] = q8_pack(real ? mix(ivec4(p.z_out), acc[j], lanes) : ivec4(p.z_out));
  }
  out_blocks[b] = out_words;
}
#else
void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= q8_word_count(p.out_dims)) {
    return;
  }
  uvec4 pos = q8_word_position(p.out_dims, i);
  if (pos.w >= p.out_dims.w) {
    out_data[i] = q8_pack(ivec4(p.z_out));
    return;
  }
  int in_h = int(p.in_dims.z);
  int in_w = int(p.in_dims.w);
  int h_start = int(pos.z) * p.stride_h - p.pad_top;
  int w_start = int(pos.w) * p.stride_w - p.pad_left;
#if POOL_MAX
  // The window's taps read TAPS_IN_FLIGHT at a time (one read per tap and loop turn was a chain of
  // memory latencies); a tap outside the input is read clamped and left out of the maximum.
  ivec4 acc = ivec4(-128);
  int taps = p.kernel_h * p.kernel_w;
  for (int t0 = 0; t0 < taps; t0 += TAPS_IN_FLIGHT) {
    [[unroll]] for (int k = 0; k < TAPS_IN_FLIGHT; k++) {
      int t = t0 + k;
      int ih = h_start + (t / p.kernel_w) * p.dilation_h;
      int iw = w_start + (t % p.kernel_w) * p.dilation_w;
      bool inside = t < taps && ih >= 0 && ih < in_h && iw >= 0 && iw < in_w;
      ivec4 x = q8_unpack(in_data[q8_word_index(p.in_dims, pos.x, pos.y,
                                                uint(clamp(ih, 0, in_h - 1)),
                                                uint(clamp(iw, 0, in_w - 1)))]);
      acc = inside ? max(acc, x) : acc;
    }
  }
  ivec4 q = acc;
#else
  int h_end = min(h_start + p.kernel_h, in_h + p.pad_bottom);
  int w_end = min(w_start + p.kernel_w, in_w + p.pad_right);
  int h0 = max(h_start, 0);
  int w0 = max(w_start, 0);
  int h1 = min(h_end, in_h);
  int w1 = min(w_end, in_w);
  ivec4 acc = ivec4(0);
  for (int ih = h0; ih < h1; ih++) {
    for (int iw = w0; iw < w1; iw++) {
      acc += q8_unpack(in_data[q8_word_index(p.in_dims, pos.x, pos.y, ih, iw)]);
    }
  }
  int inside = (h1 - h0) * (w1 - w0);
  acc -= inside * p.z_in;
  int count = p.count_include_pad != 0 ? (h_end - h_start) * (w_end - w_start) : inside;
  precise vec4 y = vec4(acc) * ratios[count];
  ivec4 q = q8_quantize(y, p.z_out);
#endif
  out_data[i] = q8_pack(mix(ivec4(p.z_out), q, q8_valid_lanes(pos.y, p.out_dims.y)));
}
#endif
