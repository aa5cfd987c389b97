#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// The second pass of a split-K fp32 GEMM (gemm_shared.comp with SPLIT_K): adds the splits' partial
// sums, then applies the GEMM's epilogue (bias, activation, zero padded lanes) and stores to the
// output's strides.
// Partial layout: split s, batch b, group oc4, position m at
// s * partial_stride + (b * oc4s + oc4) * m_count + m. RESIDUAL = 1 adds a residual to the
// result (gemm_tiles.glslh). Each output vec4 has SLICE_LANES invocations of one workgroup: lane l
// adds splits l, l + SLICE_LANES, ... in four independent sums (loads in flight together, for
// batch 1's few outputs and many splits), and lane 0 adds the lanes' sums in lane order: a fixed
// order, so the same sum on every run.
#include "common.glslh"
#include "gemm/gemm_tiles.glslh"

layout(local_size_x_id = 0, local_size_y = 1, local_size_z = 1) in;

#define SLICE_LANES 4u
// The lanes' sums; at most 256 invocations per workgroup.
shared vec4 s_lanes[256];

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

void main() {
  uint total = p.batches * p.oc4s * p.m;
  uint local = gl_LocalInvocationIndex;
  uint per_group = gl_WorkGroupSize.x / SLICE_LANES;
  uint lane = local / per_group;
  uint idx = (DJLV_FLAT_INDEX() / gl_WorkGroupSize.x) * per_group + local % per_group;
  bool real = idx < total;
  vec4 sum0 = vec4(0.0);
  vec4 sum1 = vec4(0.0);
  vec4 sum2 = vec4(0.0);
  vec4 sum3 = vec4(0.0);
  if (real) {
    uint s = lane;
    for (; s + 3u * SLICE_LANES < p.splits; s += 4u * SLICE_LANES) {
      sum0 += partial_data[s * p.partial_stride + idx];
      sum1 += partial_data[(s + SLICE_LANES) * p.partial_stride + idx];
      sum2 += partial_data[(s + 2u * SLICE_LANES) * p.partial_stride + idx];
      sum3 += partial_data[(s + 3u * SLICE_LANES) * p.partial_stride + idx];
    }
    for (; s < p.splits; s += SLICE_LANES) {
      sum0 += partial_data[s * p.partial_stride + idx];
    }
  }
  s_lanes[local] = (sum0 + sum1) + (sum2 + sum3);
  barrier();
  if (!real || lane != 0u) {
    return;
  }
  vec4 sum = s_lanes[local];
  for (uint l = 1u; l < SLICE_LANES; l++) {
    sum += s_lanes[l * per_group + local];
  }
  uint pos = idx % p.m;
  uint oc4 = (idx / p.m) % p.oc4s;
  uint b = idx / (p.m * p.oc4s);
  uint o = b * p.out_batch_stride + oc4 * p.out_oc_stride + (p.out_m_offset + pos) * p.out_m_stride;
  out_data[o] = ACT_STORE(GEMM_RESIDUAL(
      gemm_epilogue(sum, bias_data[oc4], p.act, p.lo, p.hi, oc4 * 4u, p.channels), o, oc4));
}
