#version 450
#extension GL_GOOGLE_include_directive : require
// NCHW fp32 -> NC4HW4: one invocation per output vec4; channels past C are zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { float in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint c4s = DJLV_DIV_CEIL(p.dims.y, 4u);
  uint plane = p.dims.z * p.dims.w;
  if (i >= p.dims.x * c4s * plane) {
    return;
  }
  uint hw = i % plane;
  uint c4 = (i / plane) % c4s;
  uint n = i / (plane * c4s);
  vec4 v = vec4(0.0);
  for (uint j = 0u; j < 4u; j++) {
    uint c = c4 * 4u + j;
    if (c < p.dims.y) {
      v[j] = in_data[(n * p.dims.y + c) * plane + hw];
    }
  }
  out_data[i] = ACT_STORE(v);
}
