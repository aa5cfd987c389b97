#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// The second pass of a split-K fp32 GEMM (gemm_shared.comp with SPLIT_K): adds the splits' partial
// sums in split order (the same sum on every run), then applies the GEMM's epilogue (bias,
// activation, zero padded lanes) and stores to the output's strides.
// Partial layout: split s, batch b, group oc4, position m at
// s * partial_stride + (b * oc4s + oc4) * m_count + m. RESIDUAL = 1 adds a residual to the
// result (gemm_tiles.glslh). One invocation per output vec4.
#include "common.glslh"
#include "gemm/gemm_tiles.glslh"

layout(local_size_x_id = 0, local_size_y = 1, local_size_z = 1) in;

layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer Partial { vec4 partial_data[]; };
layout(set = 0, binding = 2) readonly buffer Bias { vec4 bias_data[]; };
GEMM_RESIDUAL_BUFFER(3)

layout(push_constant) uniform Params {
  uint m;                 // positions per batch
  uint oc4s;
  uint channels;
  uint batches;
  uint splits;
  uint partial_stride;
  uint out_batch_stride;
  uint out_oc_stride;
  uint out_m_stride;
  uint out_m_offset;
  uint act;
  float lo;
  float hi;
  GEMM_RESIDUAL_PARAMS
} p;

#define SLICES_IN_FLIGHT 8

void main() {
  uint idx = DJLV_FLAT_INDEX();
  uint total = p.batches * p.oc4s * p.m;
  if (idx >= total) {
    return;
  }
  uint pos = idx % p.m;
  uint oc4 = (idx / p.m) % p.oc4s;
  uint b = idx / (p.m * p.oc4s);
  // The slices are added in order, but read SLICES_IN_FLIGHT at a time, so that those reads wait
  // out one memory latency together (a read per slice and loop turn made a chain of latencies).
  vec4 sum = partial_data[idx];
  for (uint s = 1u; s < p.splits; s += uint(SLICES_IN_FLIGHT)) {
    vec4 parts[SLICES_IN_FLIGHT];
    [[unroll]] for (int k = 0; k < SLICES_IN_FLIGHT; k++) {
      parts[k] = partial_data[min(s + uint(k), p.splits - 1u) * p.partial_stride + idx];
    }
    [[unroll]] for (int k = 0; k < SLICES_IN_FLIGHT; k++) {
      if (s + uint(k) < p.splits) {
        sum += parts[k];
      }
    }
  }
  uint o = b * p.out_batch_stride + oc4 * p.out_oc_stride + (p.out_m_offset + pos) * p.out_m_stride;
  out_data[o] = ACT_STORE(GEMM_RESIDUAL(
      gemm_epilogue(sum, bias_data[oc4], p.act, p.lo, p.hi, oc4 * 4u, p.channels), o, oc4));
}
