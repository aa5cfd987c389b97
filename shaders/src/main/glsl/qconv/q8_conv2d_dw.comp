#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Depthwise q8ta convolution on a 4C1W input: groups == IC, OC = multiplier * IC, output channel
// oc reads input channel oc / multiplier. Any kernel size, stride, dilation, asymmetric padding;
// taps in the padding read the input zero point. Each output channel meets one input channel, so
// there is no dot product: the 4 lanes are unpacked and multiplied. With multiplier 1 an output
// word reads one input word; otherwise each lane extracts its channel's byte.
// Weights: one word per (oc4, kh, kw), byte j = output channel 4 * oc4 + j, at (oc4 * KH + kh) * KW
// + kw.
// One invocation: TILE_M consecutive output columns of one row x one oc4.
// Output: 4C1W, or 4W4C with OUT_4W4C (padded W positions and channels hold zy). An invocation's
// four columns (TILE_M 4, the first a multiple of 4) are one aligned 16-byte group of the output
// when they are all inside the row: a 4W4C block, or four 4C1W words of a row whose width is a
// multiple of 4. Such a group is stored in one write.
// Grid: x = tiles of TILE_M output columns, y = output row, z = batch * OC4 + oc4.
#include "common.glslh"
#include "qconv/q8_conv.glslh"

// DW_KERNEL (a define, e.g. 3 for q8ta_conv2d_dw_3x3) fixes a square kernel size, so the taps'
// loops unroll and every tap's reads are issued at once instead of one tap's after another's (on a
// GPU each tap otherwise waits out a memory latency); without it the size comes from the push
// constants.
#ifdef DW_KERNEL
#define DW_KERNEL_H uint(DW_KERNEL)
#define DW_KERNEL_W uint(DW_KERNEL)
#define DW_TAPS_LOOP [[unroll]]
#else
#define DW_KERNEL_H p.kernel_h
#define DW_KERNEL_W p.kernel_w
#define DW_TAPS_LOOP
#endif

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;
layout(constant_id = 3) const int OUT_4W4C = 0;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 0) writeonly buffer OutBlocks { ivec4 out_blocks[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };
layout(set = 0, binding = 2) readonly buffer Weights { int w_data[]; };
layout(set = 0, binding = 3) readonly buffer Channels { Q8Channels ch[]; };

layout(push_constant) uniform Params {
  uint in_c;
  uint in_h;
  uint in_w;
  uint out_c;
  uint out_h;
  uint out_w;
  uint kernel_h;
  uint kernel_w;
  uint stride_h;
  uint stride_w;
  uint dilation_h;
  uint dilation_w;
  int pad_top;
  int pad_left;
  uint multiplier;
  uint batches;
  int zx;
  float inv_sy;
  int zy;
  float lo;
  float hi;
} p;

#include "qconv/q8_output.glslh"

void main() {
  uint ow0 = gl_GlobalInvocationID.x * uint(TILE_M);
  uint oh = gl_GlobalInvocationID.y;
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint n = gl_GlobalInvocationID.z / oc4s;
  uint oc4 = gl_GlobalInvocationID.z % oc4s;
  if (ow0 >= p.out_w || oh >= p.out_h || n >= p.batches) {
    return;
  }
  uint ic4s = DJLV_DIV_CEIL(p.in_c, 4u);
  // Each lane's input channel: its word (channel group) and byte.
  uvec4 lane_c =
      min(uvec4(oc4 * 4u) + uvec4(0u, 1u, 2u, 3u), uvec4(p.out_c - 1u)) / p.multiplier;
  uvec4 lane_c4 = lane_c / 4u;
  ivec4 lane_bit = ivec4((lane_c % 4u) * 8u);
  bool vectorized = p.multiplier == 1u;
  ivec4 acc[TILE_M];
  [[unroll]] for (int m = 0; m < TILE_M; m++) {
    acc[m] = ivec4(0);
  }
  int ih0 = int(oh * p.stride_h) - p.pad_top;
  int iw0 = int(ow0 * p.stride_w) - p.pad_left;
  DW_TAPS_LOOP for (uint kh = 0u; kh < DW_KERNEL_H; kh++) {
    int ih = ih0 + int(kh * p.dilation_h);
    bool row_inside = ih >= 0 && ih < int(p.in_h);
    uint row = n * p.in_h + uint(clamp(ih, 0, int(p.in_h) - 1));
    DW_TAPS_LOOP for (uint kw = 0u; kw < DW_KERNEL_W; kw++) {
      ivec4 w = q8_unpack(w_data[(oc4 * DW_KERNEL_H + kh) * DW_KERNEL_W + kw]);
      int iw_k = iw0 + int(kw * p.dilation_w);
      // Unrolled, with no loop inside, so that acc keeps constant indices (design note "Local
      // arrays stay indexed by constants").
      [[unroll]] for (int m = 0; m < TILE_M; m++) {
        // Reads a clamped column, then the zero point where the tap is in the padding.
        int iw = iw_k + m * int(p.stride_w);
        bool inside = row_inside && iw >= 0 && iw < int(p.in_w);
        uint at = row * ic4s * p.in_w + uint(clamp(iw, 0, int(p.in_w) - 1));
        ivec4 x;
        if (vectorized) {
          x = q8_unpack(in_data[at + oc4 * p.in_w]);
        } else {
          x = ivec4(bitfieldExtract(in_data[at + lane_c4.x * p.in_w], lane_bit.x, 8),
                    bitfieldExtract(in_data[at + lane_c4.y * p.in_w], lane_bit.y, 8),
                    bitfieldExtract(in_data[at + lane_c4.z * p.in_w], lane_bit.z, 8),
                    bitfieldExtract(in_data[at + lane_c4.w * p.in_w], lane_bit.w, 8));
        }
        acc[m] += mix(ivec4(p.zx), x, bvec4(inside)) * w;
      }
    }
  }
  Q8Channels c = ch[oc4];
  bvec4 lanes = q8_valid_lanes(oc4, p.out_c);
  uint r = n * p.out_h + oh;
#if TILE_M == 4
  if (ow0 + 3u < p.out_w && (OUT_4W4C != 0 || p.out_w % 4u == 0u)) {
    uint at = q8_index(OUT_4W4C != 0, r, oc4, ow0, oc4s, p.out_w);
    out_blocks[at / 4u] =
        ivec4(q8_requantize(acc[0], p.zx, c, p.lo, p.hi, p.inv_sy, p.zy, lanes),
              q8_requantize(acc[1], p.zx, c, p.lo, p.hi, p.inv_sy, p.zy, lanes),
              q8_requantize(acc[2], p.zx, c, p.lo, p.hi, p.inv_sy, p.zy, lanes),
              q8_requantize(acc[3], p.zx, c, p.lo, p.hi, p.inv_sy, p.zy, lanes));
    return;
  }
#endif
  // acc[m] with a constant index once the loop unrolls (no `break`, no loop inside).
  [[unroll]] for (int m = 0; m < TILE_M; m++) {
    q8_window_store(r, oc4, oc4s, ow0 + uint(m), acc[m], c, lanes);
  }
}
