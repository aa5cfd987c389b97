#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Tiled fp32 GEMM on vec4-blocked operands: out[b][oc][m] = act(sum_k in[b][k][m] * W[oc][k] + bias).
// The pointwise convolution (positions = the H x W plane of NC4HW4), the GEMM half of im2col
// convolution (positions = a chunk of output rows of the im2col scratch) and linear (positions =
// batch rows of an [N, K] NC4HW4 tensor) all run this kernel; strides in vec4 units say where
// position m and channel group k4 / oc4 live. One invocation: TILE_M consecutive positions x
// TILE_N output channel groups (4 channels each), looping over K in steps of 4: each input vec4
// it loads serves TILE_N weight blocks (gemm_tiles.glslh). GPUs run 4 x 1 tiles, CPU drivers
// 8 x 4 (more arithmetic per load: lavapipe gathers each lane's loads one by one).
// RESIDUAL = 1 adds a residual to the result (gemm_tiles.glslh).
// Grid: x = position tiles, y = oc4 tiles, z = batch.
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
GEMM_RESIDUAL_BUFFER(4)

layout(push_constant) uniform Params {
  uint m;
  uint k4;
  uint oc4s;
  uint channels;
  uint batches;
  uint in_batch_stride;
  uint in_k_stride;
  uint in_m_stride;
  uint out_batch_stride;
  uint out_oc_stride;
  uint out_m_stride;
  uint out_m_offset;
  uint act;
  float lo;
  float hi;
  GEMM_RESIDUAL_PARAMS
} p;

// The workgroup size takes specialization constants 0 to 2.
#define GEMM_INPUT_SPEC 3
#include "gemm/gemm_input.glslh"

void main() {
  uint m0 = gl_GlobalInvocationID.x * uint(TILE_M);
  uint n0 = gl_GlobalInvocationID.y * uint(TILE_N);
  uint b = gl_GlobalInvocationID.z;
  if (m0 >= p.m || n0 >= p.oc4s || b >= p.batches) {
    return;
  }
  vec4 acc[TILE_N][TILE_M];
  [[unroll]] for (int j = 0; j < TILE_N; j++) {
    GEMM_ZERO_TILE(acc[j]);
  }
  uint last = p.m - 1u;
  uint in_base = b * p.in_batch_stride;
  for (uint k = 0u; k < p.k4; k++) {
    vec4 x[TILE_M];
    [[unroll]] for (int i = 0; i < TILE_M; i++) {
      // Positions past the last one re-read it; their sums are not stored.
      uint pos = min(m0 + uint(i), last);
      x[i] = ACT_LOAD(gemm_input(in_base, k, pos));
    }
    [[unroll]] for (int j = 0; j < TILE_N; j++) {
      vec4 w0, w1, w2, w3;
      // Groups past the last one read its weights again; their sums are not stored.
      uint wb = (min(n0 + uint(j), p.oc4s - 1u) * p.k4 + k) * 4u;
      GEMM_LOAD_WEIGHT_TILE(w_data, wb, w0, w1, w2, w3);
      gemm_accumulate(acc[j], x, w0, w1, w2, w3);
    }
  }
  [[unroll]] for (int j = 0; j < TILE_N; j++) {
    uint oc4 = n0 + uint(j);
    vec4 bias = bias_data[min(oc4, p.oc4s - 1u)];
    // No `continue`: the optimizer unrolls the loop, so acc stays in registers (see gemm_large.comp).
    [[unroll]] for (int i = 0; i < TILE_M; i++) {
      uint pos = m0 + uint(i);
      if (pos < p.m && oc4 < p.oc4s) {
        uint o = b * p.out_batch_stride + oc4 * p.out_oc_stride
            + (p.out_m_offset + pos) * p.out_m_stride;
        out_data[o] = ACT_STORE(GEMM_RESIDUAL(
            gemm_epilogue(acc[j][i], bias, p.act, p.lo, p.hi, oc4 * 4u, p.channels), o, oc4));
      }
    }
  }
}
