#version 450
#extension GL_GOOGLE_include_directive : require
// Tiled fp32 GEMM on vec4-blocked operands: out[b][oc][m] = act(sum_k in[b][k][m] * W[oc][k] + bias).
// The pointwise convolution (positions = the H x W plane of NC4HW4), the GEMM half of im2col
// convolution (positions = a chunk of output rows of the im2col scratch) and linear (positions =
// batch rows of an [N, K] NC4HW4 tensor) all run this kernel; strides in vec4 units say where
// position m and channel group k4 / oc4 live. One invocation: TILE_M consecutive positions x one
// oc4 (4 output channels), looping over K in steps of 4 (gemm_tiles.glslh).
// RESIDUAL = 1 adds a residual to the result (gemm_tiles.glslh).
// Grid: x = position tiles, y = oc4, z = batch.
#include "common.glslh"
// fp16 builds read fp16 weights (gemm_tiles.glslh).
#define GEMM_HALF_WEIGHTS ACT_F16
#include "gemm/gemm_tiles.glslh"

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;

layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };
layout(set = 0, binding = 2) readonly buffer Weights { W_T w_data[]; };
layout(set = 0, binding = 3) readonly buffer Bias { vec4 bias_data[]; };
GEMM_RESIDUAL_BUFFER(4)

layout(push_constant) uniform Params {
  uint m;                 // positions per batch in this dispatch
  uint k4;                // input channel groups (K / 4, rounded up)
  uint oc4s;              // output channel groups
  uint channels;          // real output channels (padded lanes are written as zero)
  uint batches;
  uint in_batch_stride;   // vec4 strides of the input
  uint in_k_stride;
  uint in_m_stride;
  uint out_batch_stride;  // vec4 strides of the output
  uint out_oc_stride;
  uint out_m_stride;
  uint out_m_offset;      // position of m = 0 in the output
  uint act;
  float lo;
  float hi;
  GEMM_RESIDUAL_PARAMS
} p;

void main() {
  uint m0 = gl_GlobalInvocationID.x * uint(TILE_M);
  uint oc4 = gl_GlobalInvocationID.y;
  uint b = gl_GlobalInvocationID.z;
  if (m0 >= p.m || oc4 >= p.oc4s || b >= p.batches) {
    return;
  }
  uint valid = min(uint(TILE_M), p.m - m0);
  vec4 acc[TILE_M];
  GEMM_ZERO_TILE(acc);
  vec4 x[TILE_M];
  vec4 w0, w1, w2, w3;
  uint in_base = b * p.in_batch_stride + m0 * p.in_m_stride;
  uint w_base = oc4 * p.k4 * 4u;
  for (uint k = 0u; k < p.k4; k++) {
    GEMM_LOAD_INPUT_TILE(x, in_data, in_base + k * p.in_k_stride, p.in_m_stride, valid);
    GEMM_LOAD_WEIGHT_TILE(w_data, w_base + k * 4u, w0, w1, w2, w3);
    gemm_accumulate(acc, x, w0, w1, w2, w3);
  }
  vec4 bias = bias_data[oc4];
  for (int i = 0; i < TILE_M; i++) {
    acc[i] = gemm_epilogue(acc[i], bias, p.act, p.lo, p.hi, oc4 * 4u, p.channels);
  }
  uint out_base =
      b * p.out_batch_stride + oc4 * p.out_oc_stride + (p.out_m_offset + m0) * p.out_m_stride;
#if RESIDUAL
  for (uint i = 0u; i < valid; i++) {
    acc[i] = GEMM_RESIDUAL(acc[i], out_base + i * p.out_m_stride, oc4);
  }
#endif
  GEMM_STORE_OUTPUT_TILE(out_data, out_base, p.out_m_stride, valid, acc);
}
