#version 450
#extension GL_GOOGLE_include_directive : require
// clamp(x, lo, hi) on an NC4HW4 fp32 tensor (ReLU = clamp(0, +inf), ReLU6 = clamp(0, 6)).
// Padded channel lanes are written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };

layout(push_constant) uniform Params {
  uint total;  // vec4 count: N * ceil(C/4) * H * W
  uint plane;  // H * W
  uint channels;
  float lo;
  float hi;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= p.total) {
    return;
  }
  uint c0 = ((i / p.plane) % DJLV_DIV_CEIL(p.channels, 4u)) * 4u;
  bvec4 valid = lessThan(uvec4(c0, c0 + 1u, c0 + 2u, c0 + 3u), uvec4(p.channels));
  out_data[i] =
      ACT_STORE(mix(vec4(0.0), djlv_clamp_nan(ACT_LOAD(in_data[i]), vec4(p.lo), vec4(p.hi)), valid));
}
