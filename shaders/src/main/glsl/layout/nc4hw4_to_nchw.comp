#version 450
#extension GL_GOOGLE_include_directive : require
// NC4HW4 -> NCHW fp32: one invocation per output element.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { float out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint plane = p.dims.z * p.dims.w;
  if (i >= p.dims.x * p.dims.y * plane) {
    return;
  }
  uint hw = i % plane;
  uint c = (i / plane) % p.dims.y;
  uint n = i / (plane * p.dims.y);
  uint c4s = DJLV_DIV_CEIL(p.dims.y, 4u);
  out_data[i] = ACT_LOAD(in_data[((n * c4s + c / 4u) * plane) + hw])[c % 4u];
}
