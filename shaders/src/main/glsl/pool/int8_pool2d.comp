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
// BLOCKS 1 (max pooling of 4W4C without dilation along W): one invocation per output block of 4 W
// positions x 4 channels. Each window row's input blocks that the four windows cover are read
// whole, once (16 bytes per invocation, consecutive across the channel groups of neighbouring
// invocations), and every word goes to the maxima of the windows it falls in; the word form reads
// each tap of each position as one word.
#ifndef BLOCKS
#define BLOCKS 0
#endif
#if BLOCKS && !(POOL_MAX && LAYOUT_4W4C)
#error "BLOCKS is the 4W4C max pooling's form"
#endif
#include "common.glslh"

#define TAPS_IN_FLIGHT 8
#include "quant/int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };
#if BLOCKS
// The same buffers as 16-byte blocks.
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
// Whether input column iw is in the window that starts at column `start` (dilation 1 along W: the
// host runs this form only then, so no tap test divides).
bool q8_pool_tap(int iw, int start) {
  return uint(iw - start) < uint(p.kernel_w);
}

void main() {
  uint b = DJLV_FLAT_INDEX();
  uint c4s = DJLV_DIV_CEIL(p.out_dims.y, 4u);
  uint ow4s = DJLV_DIV_CEIL(p.out_dims.w, 4u);
  if (b >= p.out_dims.x * p.out_dims.z * ow4s * c4s) {
    return;
  }
  uint c4 = b % c4s;
  uint ow4 = (b / c4s) % ow4s;
  uint oh = (b / (c4s * ow4s)) % p.out_dims.z;
  uint n = b / (c4s * ow4s * p.out_dims.z);
  int in_h = int(p.in_dims.z);
  int in_w = int(p.in_dims.w);
  uint iw4s = DJLV_DIV_CEIL(p.in_dims.w, 4u);
  // The first column of window j is start0 + j * stride_w; the four windows span [lo, hi].
  int start0 = int(ow4 * 4u) * p.stride_w - p.pad_left;
  int lo = max(start0, 0);
  int hi = min(start0 + 3 * p.stride_w + p.kernel_w - 1, in_w - 1);
  int h_start = int(oh) * p.stride_h - p.pad_top;
  ivec4 acc[4] = ivec4[4](ivec4(-128), ivec4(-128), ivec4(-128), ivec4(-128));
  for (int ky = 0; ky < p.kernel_h; ky++) {
    int ih = h_start + ky * p.dilation_h;
    if (ih < 0 || ih >= in_h) {
      continue;
    }
    uint row = (n * p.in_dims.z + uint(ih)) * iw4s;
    for (int ib = lo / 4; ib <= hi / 4 && lo <= hi; ib++) {
      ivec4 block = in_blocks[(row + uint(ib)) * c4s + c4];
      [[unroll]] for (int q = 0; q < 4; q++) {
        int iw = ib * 4 + q;
        if (iw >= lo && iw <= hi) {
          ivec4 x = q8_unpack(block[q]);
          [[unroll]] for (int j = 0; j < 4; j++) {
            acc[j] = q8_pool_tap(iw, start0 + j * p.stride_w) ? max(acc[j], x) : acc[j];
          }
        }
      }
    }
  }
  bvec4 lanes = q8_valid_lanes(c4, p.out_dims.y);
  ivec4 words = ivec4(q8_pack(ivec4(p.z_out)));
  [[unroll]] for (int j = 0; j < 4; j++) {
    if (ow4 * 4u + uint(j) < p.out_dims.w) {
      words[j] = q8_pack(mix(ivec4(p.z_out), acc[j], lanes));
    }
  }
  out_blocks[b] = words;
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
  ivec4 q = djlv_round_to_int8(y, p.z_out);
#endif
  out_data[i] = q8_pack(mix(ivec4(p.z_out), q, q8_valid_lanes(pos.y, p.out_dims.y)));
}
#endif
