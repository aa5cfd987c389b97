#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Direct (sliding-window) fp32 convolution on NC4HW4: any kernel size, stride, dilation,
// asymmetric padding and groups. One invocation: TILE_M consecutive output positions of one row x
// TILE_N oc4s (4 output channels each), accumulated as the GEMM tiles are (gemm_tiles.glslh).
// TILE_N > 1 (the CPU drivers' build: each input load serves TILE_N weight blocks) needs GATHER 0
// and groups == 1.
// GATHER 0 (blocked): each oc4 lies in one group and each group's input channels start at a
//   multiple of 4 (groups == 1, or IC/groups and OC/groups both multiples of 4). Weights in 4OC x
//   4IC blocks per tap: block ((oc4 * KH + kh) * KW + kw) * ICG4 + ic4, ICG4 = ceil(IC/groups / 4).
// GATHER 1 (any groups): the 4 lanes may belong to different groups, so each lane gathers its own
//   input channel. Weights: one vec4 (4 output channels) per (oc4, kh, kw, icg), icg < IC/groups.
// Grid: x = tiles of TILE_M output columns, y = output row, z = batch * OC4 tiles + oc4 tile.
#include "common.glslh"
// fp16 builds read fp16 weights (gemm_tiles.glslh).
#define GEMM_HALF_WEIGHTS ACT_F16
#include "gemm/gemm_tiles.glslh"
#ifndef TILE_N
#define TILE_N 1
#endif

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;

layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };
layout(set = 0, binding = 2) readonly buffer Weights { W_T w_data[]; };
layout(set = 0, binding = 3) readonly buffer Bias { vec4 bias_data[]; };

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
  uint act;
  float lo;
  float hi;
} p;

void main() {
  uint ow0 = gl_GlobalInvocationID.x * uint(TILE_M);
  uint oh = gl_GlobalInvocationID.y;
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint oc4_tiles = DJLV_DIV_CEIL(oc4s, uint(TILE_N));
  uint n = gl_GlobalInvocationID.z / oc4_tiles;
  uint oc4_0 = (gl_GlobalInvocationID.z % oc4_tiles) * uint(TILE_N);
  if (ow0 >= p.out_w || oh >= p.out_h || n >= p.batches) {
    return;
  }
  uint ic4s = DJLV_DIV_CEIL(p.in_c, 4u);
  uint plane = p.in_h * p.in_w;
  vec4 acc[TILE_N][TILE_M];
  [[unroll]] for (int j = 0; j < TILE_N; j++) {
    GEMM_ZERO_TILE(acc[j]);
  }
  vec4 x[TILE_M];
  int ih0 = int(oh * p.stride_h) - p.pad_top;
  int iw0 = int(ow0 * p.stride_w) - p.pad_left;
#if GATHER == 0
  uint icg4 = DJLV_DIV_CEIL(p.ic_per_group, 4u);
  uint group = (oc4_0 * 4u) / p.oc_per_group;
  uint in_base = (n * ic4s + group * p.ic_per_group / 4u) * plane;
  vec4 w0, w1, w2, w3;
#else
  uvec4 lane_oc = min(uvec4(oc4_0 * 4u) + uvec4(0u, 1u, 2u, 3u), uvec4(p.out_c - 1u));
  uvec4 lane_c0 = (lane_oc / p.oc_per_group) * p.ic_per_group;
  uint in_base = n * ic4s * plane;
#endif
  for (uint kh = 0u; kh < p.kernel_h; kh++) {
    int ih = ih0 + int(kh * p.dilation_h);
    if (ih < 0 || ih >= int(p.in_h)) {
      continue;
    }
    for (uint kw = 0u; kw < p.kernel_w; kw++) {
      // Position m reads input column iw0 + m * stride + kw * dilation; outside -> zero.
      int iw_k = iw0 + int(kw * p.dilation_w);
      uint pos[TILE_M];
      bool ok[TILE_M];
      [[unroll]] for (int m = 0; m < TILE_M; m++) {
        int iw = iw_k + m * int(p.stride_w);
        ok[m] = iw >= 0 && iw < int(p.in_w);
        pos[m] = uint(ih) * p.in_w + uint(clamp(iw, 0, int(p.in_w) - 1));
      }
#if GATHER == 0
      for (uint ic4 = 0u; ic4 < icg4; ic4++) {
        uint base = in_base + ic4 * plane;
        [[unroll]] for (int m = 0; m < TILE_M; m++) {
          x[m] = ok[m] ? ACT_LOAD(in_data[base + pos[m]]) : vec4(0.0);
        }
        [[unroll]] for (int j = 0; j < TILE_N; j++) {
          // Groups past the last one read its weights again; their sums are not stored.
          uint oc4 = min(oc4_0 + uint(j), oc4s - 1u);
          uint tap = (oc4 * p.kernel_h + kh) * p.kernel_w + kw;
          GEMM_LOAD_WEIGHT_TILE(w_data, (tap * icg4 + ic4) * 4u, w0, w1, w2, w3);
          gemm_accumulate(acc[j], x, w0, w1, w2, w3);
        }
      }
#else
      uint tap = (oc4_0 * p.kernel_h + kh) * p.kernel_w + kw;
      for (uint icg = 0u; icg < p.ic_per_group; icg++) {
        vec4 w = W_LOAD(w_data[tap * p.ic_per_group + icg]);
        uvec4 c = lane_c0 + icg;
        uvec4 cbase = in_base + (c / 4u) * plane;
        uvec4 lane = c % 4u;
        [[unroll]] for (int m = 0; m < TILE_M; m++) {
          if (ok[m]) {
            vec4 xv = vec4(ACT_LOAD(in_data[cbase.x + pos[m]])[lane.x],
                           ACT_LOAD(in_data[cbase.y + pos[m]])[lane.y],
                           ACT_LOAD(in_data[cbase.z + pos[m]])[lane.z],
                           ACT_LOAD(in_data[cbase.w + pos[m]])[lane.w]);
            acc[0][m] = fma(xv, w, acc[0][m]);
          }
        }
      }
#endif
    }
  }
  uint valid = min(uint(TILE_M), p.out_w - ow0);
  // Every access to acc below has constant indices once these loops unroll, which they do only
  // without a `continue` or a nested loop the optimizer keeps (design note "Local arrays stay
  // indexed by constants").
  [[unroll]] for (int j = 0; j < TILE_N; j++) {
    uint oc4 = oc4_0 + uint(j);
    vec4 bias = bias_data[min(oc4, oc4s - 1u)];
    uint out_base = ((n * oc4s + oc4) * p.out_h + oh) * p.out_w + ow0;
    [[unroll]] for (int i = 0; i < TILE_M; i++) {
      if (oc4 < oc4s && uint(i) < valid) {
        out_data[out_base + uint(i)] =
            ACT_STORE(gemm_epilogue(acc[j][i], bias, p.act, p.lo, p.hi, oc4 * 4u, p.out_c));
      }
    }
  }
}
