#version 450
#extension GL_GOOGLE_include_directive : require
// Second pass of the split-K q8ta GEMM (q8_gemm.comp with PARTIAL 1): adds the `splits` int32
// partial sums of each (position, output channel group) and requantizes them into the output
// exactly as the one-pass GEMM does (q8_gemm_store.glslh). Partials: ivec4
// ((z * p4s + p4) * 4 + j) * oc4s + oc4 for slice z, position j of block p4.
// One invocation per (block, channel group), channel groups fastest.
#include "common.glslh"
#include "qconv/q8_conv.glslh"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int OUT_4W4C = 1;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer Partials { ivec4 part_data[]; };
layout(set = 0, binding = 2) readonly buffer Channels { Q8Channels ch[]; };

// The push constants of q8_gemm.comp.
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
} p;

#include "qconv/q8_gemm_store.glslh"

void main() {
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint idx = DJLV_FLAT_INDEX();
  if (idx >= p.p4s * oc4s) {
    return;
  }
  uint oc4 = idx % oc4s;
  uint p4 = idx / oc4s;
  for (uint j = 0u; j < 4u; j++) {
    ivec4 sum = ivec4(0);
    for (uint z = 0u; z < p.splits; z++) {
      sum += part_data[((z * p.p4s + p4) * 4u + j) * oc4s + oc4];
    }
    q8_gemm_store(p4, j, oc4, oc4s, sum);
  }
}
