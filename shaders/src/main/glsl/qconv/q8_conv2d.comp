#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#if USE_DOT
#extension GL_EXT_integer_dot_product : require
#endif
// General (sliding-window) q8ta convolution on a 4C1W input: any kernel size, stride, dilation,
// asymmetric padding and groups. Taps in the padding read the input zero point.
// Weights: 4OC x 4IC blocks (q8_conv.glslh) per tap over the group's input channels, block
// ((oc4 * KH + kh) * KW + kw) * ICG4 + icg4 (ICG4 = ceil(IC / groups / 4)); lane j holds output
// channel 4 * oc4 + j's weights for its group's input channels 4 * icg4 .. + 3 (zero past IC /
// groups).
// GATHER 0 (blocked): the 4 output channels of an oc4 lie in one group whose input channels start
//   at a multiple of 4 (groups == 1, or IC / groups and OC / groups multiples of 4), so one input
//   word meets the whole block.
// GATHER 1 (any groups): each lane reads the 4 input channels of its own group, funnel-shifted out
//   of two neighbouring words when the group starts inside a word.
// One invocation: TILE_M consecutive output columns of one row x one oc4.
// Output: 4C1W, or 4W4C with OUT_4W4C (padded W positions and channels hold zy).
// Grid: x = tiles of TILE_M output columns, y = output row, z = batch * OC4 + oc4.
#include "common.glslh"
#include "qconv/q8_conv.glslh"

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;
layout(constant_id = 3) const int OUT_4W4C = 0;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };
layout(set = 0, binding = 2) readonly buffer Weights { ivec4 w_data[]; };
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
  uint ic_per_group;
  uint oc_per_group;
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
  uint icg4s = DJLV_DIV_CEIL(p.ic_per_group, 4u);
  int zword = q8_splat(p.zx);
  ivec4 acc[TILE_M];
  [[unroll]] for (int m = 0; m < TILE_M; m++) {
    acc[m] = ivec4(0);
  }
  int ih0 = int(oh * p.stride_h) - p.pad_top;
  int iw0 = int(ow0 * p.stride_w) - p.pad_left;
#if GATHER == 0
  uint group = (oc4 * 4u) / p.oc_per_group;
  uint c4_first = group * p.ic_per_group / 4u;
#else
  uvec4 lane_oc = min(uvec4(oc4 * 4u) + uvec4(0u, 1u, 2u, 3u), uvec4(p.out_c - 1u));
  uvec4 lane_c0 = (lane_oc / p.oc_per_group) * p.ic_per_group;
#endif
  for (uint kh = 0u; kh < p.kernel_h; kh++) {
    int ih = ih0 + int(kh * p.dilation_h);
    bool row_inside = ih >= 0 && ih < int(p.in_h);
    uint row = n * p.in_h + uint(clamp(ih, 0, int(p.in_h) - 1));
    for (uint kw = 0u; kw < p.kernel_w; kw++) {
      // Column m reads input column iw0 + m * stride + kw * dilation; outside -> zero point.
      int iw_k = iw0 + int(kw * p.dilation_w);
      uint col[TILE_M];
      bool inside[TILE_M];
      [[unroll]] for (int m = 0; m < TILE_M; m++) {
        int iw = iw_k + m * int(p.stride_w);
        inside[m] = row_inside && iw >= 0 && iw < int(p.in_w);
        col[m] = uint(clamp(iw, 0, int(p.in_w) - 1));
      }
      uint tap = (oc4 * p.kernel_h + kh) * p.kernel_w + kw;
      for (uint icg4 = 0u; icg4 < icg4s; icg4++) {
        ivec4 wb = w_data[tap * icg4s + icg4];
#if GATHER == 0
        Q8Block b = q8_block(wb);
        uint base = (row * ic4s + c4_first + icg4) * p.in_w;
        [[unroll]] for (int m = 0; m < TILE_M; m++) {
          int x = inside[m] ? in_data[base + col[m]] : zword;
          acc[m] = q8_mac(acc[m], x, b);
        }
#else
        uvec4 c = lane_c0 + icg4 * 4u;
        uvec4 lo_base = (row * ic4s + c / 4u) * p.in_w;
        uvec4 hi_base = (row * ic4s + min(c / 4u + 1u, uvec4(ic4s - 1u))) * p.in_w;
        uvec4 shift = (c % 4u) * 8u;
        [[unroll]] for (int m = 0; m < TILE_M; m++) {
          // Written out, not a loop: a loop nested in this one keeps it from unrolling.
          ivec4 x = ivec4(zword);
          if (inside[m]) {
            x = ivec4(
                q8_funnel(in_data[lo_base.x + col[m]], in_data[hi_base.x + col[m]], shift.x),
                q8_funnel(in_data[lo_base.y + col[m]], in_data[hi_base.y + col[m]], shift.y),
                q8_funnel(in_data[lo_base.z + col[m]], in_data[hi_base.z + col[m]], shift.z),
                q8_funnel(in_data[lo_base.w + col[m]], in_data[hi_base.w + col[m]], shift.w));
          }
          acc[m] += ivec4(q8_dot(x.x, wb.x), q8_dot(x.y, wb.y), q8_dot(x.z, wb.z),
                          q8_dot(x.w, wb.w));
        }
#endif
      }
    }
  }
  Q8Channels c = ch[oc4];
  bvec4 lanes = q8_valid_lanes(oc4, p.out_c);
  uint r = n * p.out_h + oh;
  // acc[m] with a constant index once the loop unrolls (no `break`, no loop inside).
  [[unroll]] for (int m = 0; m < TILE_M; m++) {
    q8_window_store(r, oc4, oc4s, ow0 + uint(m), acc[m], c, lanes);
  }
}
