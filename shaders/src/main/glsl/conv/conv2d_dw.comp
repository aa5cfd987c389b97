#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Depthwise fp32 convolution on NC4HW4: groups == IC, OC = multiplier * IC; output channel oc
// reads input channel oc / multiplier. With multiplier 1 an output vec4 reads one input vec4;
// otherwise each lane gathers its channel. Any kernel size, stride, dilation, asymmetric padding.
// KSIZE 3 is the 3x3 fast path (taps unrolled, the 9 weight vec4s kept in registers); KSIZE 0
// takes the kernel size from the push constants.
// Weights: one vec4 (4 output channels) per (oc4, kh, kw): index (oc4 * KH + kh) * KW + kw.
// ROWS 1 (with KSIZE 3; the CPU drivers' build for stride ROW_STRIDE (1 or 2) and dilation 1
// along the row, multiplier 1) loads each input row segment of (TILE_M - 1) * ROW_STRIDE + 3
// columns once for its three taps.
// One invocation: TILE_M consecutive output positions of one row x one oc4.
// Grid: x = tiles of TILE_M output columns, y = output row, z = batch * OC4 + oc4.
#include "common.glslh"
// fp16 builds read fp16 weights (gemm_tiles.glslh).
#define GEMM_HALF_WEIGHTS ACT_F16
#include "gemm/gemm_tiles.glslh"
#ifndef ROWS
#define ROWS 0
#endif
#ifndef ROW_STRIDE
#define ROW_STRIDE 1
#endif
#define ROW_SEGMENT ((TILE_M - 1) * ROW_STRIDE + 3)

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
  uint multiplier;
  uint batches;
  uint act;
  float lo;
  float hi;
} p;

#if KSIZE == 3
#define KH 3u
#define KW 3u
#else
#define KH p.kernel_h
#define KW p.kernel_w
#endif

void main() {
  uint ow0 = gl_GlobalInvocationID.x * uint(TILE_M);
  uint oh = gl_GlobalInvocationID.y;
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint n = gl_GlobalInvocationID.z / oc4s;
  uint oc4 = gl_GlobalInvocationID.z % oc4s;
  if (ow0 >= p.out_w || oh >= p.out_h || n >= p.batches) {
    return;
  }
  uint valid = min(uint(TILE_M), p.out_w - ow0);
  uint plane = p.in_h * p.in_w;
  uint ic4s = DJLV_DIV_CEIL(p.in_c, 4u);
  // Input vec4 base of each lane's channel, and the lane inside that vec4.
  uvec4 lane_c = min(uvec4(oc4 * 4u) + uvec4(0u, 1u, 2u, 3u), uvec4(p.out_c - 1u)) / p.multiplier;
  uvec4 lane_base = (n * ic4s + lane_c / 4u) * plane;
  uvec4 lane = lane_c % 4u;
  uint vec_base = (n * ic4s + oc4) * plane;
  bool vectorized = p.multiplier == 1u;
#if KSIZE == 3
  vec4 wk[9];
  [[unroll]] for (uint t = 0u; t < 9u; t++) {
    wk[t] = W_LOAD(w_data[oc4 * 9u + t]);
  }
#endif
  vec4 acc[TILE_M];
  GEMM_ZERO_TILE(acc);
  int ih0 = int(oh * p.stride_h) - p.pad_top;
  int iw0 = int(ow0 * p.stride_w) - p.pad_left;
#if ROWS
  // Output m reads columns iw0 + m * ROW_STRIDE + kw: the segment's element m * ROW_STRIDE + kw.
  // Taps outside the image are left out, as below, so each sum is the one the general loop makes.
  // No `continue`: the optimizer unrolls only loops without one, and the arrays stay in registers
  // only while every index is a constant.
  [[unroll]] for (uint kh = 0u; kh < 3u; kh++) {
    int ih = ih0 + int(kh * p.dilation_h);
    bool row_ok = ih >= 0 && ih < int(p.in_h);
    vec4 xr[ROW_SEGMENT];
    bool ok[ROW_SEGMENT];
    [[unroll]] for (int c = 0; c < ROW_SEGMENT; c++) {
      int iw = iw0 + c;
      ok[c] = row_ok && iw >= 0 && iw < int(p.in_w);
      xr[c] = ok[c] ? ACT_LOAD(in_data[vec_base + uint(ih) * p.in_w + uint(iw)]) : vec4(0.0);
    }
    [[unroll]] for (int kw = 0; kw < 3; kw++) {
      vec4 w = wk[kh * 3u + uint(kw)];
      [[unroll]] for (int m = 0; m < TILE_M; m++) {
        if (ok[m * ROW_STRIDE + kw]) {
          acc[m] = fma(xr[m * ROW_STRIDE + kw], w, acc[m]);
        }
      }
    }
  }
#else
  // With KSIZE 3 the tap loops unroll (constant trip counts, no `continue`), so wk is indexed by
  // constants and stays in registers.
  [[unroll]] for (uint kh = 0u; kh < KH; kh++) {
    int ih = ih0 + int(kh * p.dilation_h);
    bool row_ok = ih >= 0 && ih < int(p.in_h);
    [[unroll]] for (uint kw = 0u; kw < KW; kw++) {
#if KSIZE == 3
      vec4 w = wk[kh * 3u + kw];
#else
      vec4 w = W_LOAD(w_data[(oc4 * KH + kh) * KW + kw]);
#endif
      int iw_k = iw0 + int(kw * p.dilation_w);
      [[unroll]] for (int m = 0; m < TILE_M; m++) {
        int iw = iw_k + m * int(p.stride_w);
        if (row_ok && iw >= 0 && iw < int(p.in_w)) {
          uint pos = uint(ih) * p.in_w + uint(iw);
          vec4 xv;
          if (vectorized) {
            xv = ACT_LOAD(in_data[vec_base + pos]);
          } else {
            xv = vec4(ACT_LOAD(in_data[lane_base.x + pos])[lane.x],
                      ACT_LOAD(in_data[lane_base.y + pos])[lane.y],
                      ACT_LOAD(in_data[lane_base.z + pos])[lane.z],
                      ACT_LOAD(in_data[lane_base.w + pos])[lane.w]);
          }
          acc[m] = fma(xv, w, acc[m]);
        }
      }
    }
  }
#endif
  vec4 bias = bias_data[oc4];
  [[unroll]] for (int i = 0; i < TILE_M; i++) {
    acc[i] = gemm_epilogue(acc[i], bias, p.act, p.lo, p.hi, oc4 * 4u, p.out_c);
  }
  uint out_base = ((n * oc4s + oc4) * p.out_h + oh) * p.out_w + ow0;
  GEMM_STORE_OUTPUT_TILE(out_data, out_base, 1u, valid, acc);
}
