#version 450
#extension GL_GOOGLE_include_directive : require
// Second pass of the split-K q8ta GEMM (q8_gemm.comp with PARTIAL 1): adds the `splits` int32
// partial sums of each (position, output channel group) and requantizes them into the output
// exactly as the one-pass GEMM does (q8_gemm_store.glslh). Partials: ivec4
// ((z * p4s + p4) * 4 + j) * oc4s + oc4 for slice z, position j of block p4.
// Each output ivec4 (position, channel group; channel groups fastest) has SLICE_LANES invocations
// of one workgroup: lane l adds slices l, l + SLICE_LANES, ... in four independent sums, so that
// many loads are in flight at once (at batch 1 there are few outputs and up to 36 slices: one
// invocation adding them in turn waits on each load), and lane 0 adds the lanes' sums from shared
// memory and stores. Integer sums: exact in any order.
// RESIDUAL 1 (ResNet's residual add fused into the convolution that feeds it): each requantized
// code is then added to the residual's code at the same place, exactly as the quantized add
// (elementwise/int8_binary.comp, OP 0) would: the operands' codes minus r_za / r_zb, the sum
// q8_add_real (quant/int8_add.glslh) with the convolution as operand a, or b with r_conv_is_b,
// the add's clamp, q = clamp(roundEven(y) + r_zy); padded lanes and positions hold r_zpad. The
// residual has the output's shape and layout.
#ifndef RESIDUAL
#define RESIDUAL 0
#endif
#include "common.glslh"
#include "qconv/q8_conv.glslh"
#if RESIDUAL
#include "quant/int8_add.glslh"
#endif

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int OUT_4W4C = 1;

#define SLICE_LANES 4u
// The lanes' sums; at most 256 invocations per workgroup.
shared ivec4 s_lanes[256];

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer Partials { ivec4 part_data[]; };
layout(set = 0, binding = 2) readonly buffer Channels { Q8Channels ch[]; };
#if RESIDUAL
layout(set = 0, binding = 3) readonly buffer Residual { int res_data[]; };
#endif

// The push constants of q8_gemm.comp, then (RESIDUAL) those of the add.
layout(push_constant) uniform Params {
  uint p4s;
  uint k4s;
  uint out_c;
  uint out_w;
  uint flat_pixels;
  uint m_first;
  uint m_count;
  uint splits;
  int zx;
  float inv_sy;
  int zy;
  float lo;
  float hi;
#if RESIDUAL
  Q8_ADD_TERMS
#endif
} p;

#include "qconv/q8_gemm_store.glslh"

void main() {
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint outputs = p.p4s * 4u * oc4s;
  uint local = gl_LocalInvocationIndex;
  uint per_group = gl_WorkGroupSize.x / SLICE_LANES;
  uint lane = local / per_group;
  uint idx = (DJLV_FLAT_INDEX() / gl_WorkGroupSize.x) * per_group + local % per_group;
  bool real = idx < outputs;
  ivec4 sum0 = ivec4(0);
  ivec4 sum1 = ivec4(0);
  ivec4 sum2 = ivec4(0);
  ivec4 sum3 = ivec4(0);
  if (real) {
    uint z = lane;
    for (; z + 3u * SLICE_LANES < p.splits; z += 4u * SLICE_LANES) {
      sum0 += part_data[z * outputs + idx];
      sum1 += part_data[(z + SLICE_LANES) * outputs + idx];
      sum2 += part_data[(z + 2u * SLICE_LANES) * outputs + idx];
      sum3 += part_data[(z + 3u * SLICE_LANES) * outputs + idx];
    }
    for (; z < p.splits; z += SLICE_LANES) {
      sum0 += part_data[z * outputs + idx];
    }
  }
  s_lanes[local] = (sum0 + sum1) + (sum2 + sum3);
  barrier();
  if (!real || lane != 0u) {
    return;
  }
  ivec4 sum = s_lanes[local];
  for (uint l = 1u; l < SLICE_LANES; l++) {
    sum += s_lanes[l * per_group + local];
  }
  uint oc4 = idx % oc4s;
  uint j = (idx / oc4s) % 4u;
  q8_gemm_store(idx / (4u * oc4s), j, oc4, oc4s, sum);
}
