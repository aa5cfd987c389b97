#version 450
#extension GL_GOOGLE_include_directive : require
// NC4HW4 fp32 (or, ACT_F16, fp16 storage) -> float16 NCHW, one invocation per output 32-bit word holding elements 2k (low
// half) and 2k + 1 (high half), narrowed with packHalf2x16. For an odd element count the high
// half of the last word is zero (the region is rounded up to whole words).
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { uint out_words[]; };
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
} p;

float load(uint e) {
  uint plane = p.dims.z * p.dims.w;
  uint hw = e % plane;
  uint c = (e / plane) % p.dims.y;
  uint n = e / (plane * p.dims.y);
  return ACT_LOAD(in_data[(n * DJLV_DIV_CEIL(p.dims.y, 4u) + c / 4u) * plane + hw])[c % 4u];
}

void main() {
  uint k = DJLV_FLAT_INDEX();
  uint count = p.dims.x * p.dims.y * p.dims.z * p.dims.w;
  if (k >= DJLV_DIV_CEIL(count, 2u)) {
    return;
  }
  uint e = 2u * k;
  float hi = e + 1u < count ? load(e + 1u) : 0.0;
  out_words[k] = packHalf2x16(vec2(load(e), hi));
}
