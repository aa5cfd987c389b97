#version 450
#extension GL_GOOGLE_include_directive : require
// Copies a strided slice of an NC4HW4 fp32 tensor into a new NC4HW4 tensor, one invocation per
// output vec4: output element (n, c, h, w) is input element begin + (n, c, h, w) * step, axis by
// axis (negative steps walk backwards). Padded channel lanes are written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };

layout(push_constant) uniform Params {
  uvec4 out_dims;  // N, C, H, W
  uvec4 in_dims;
  ivec4 begin;
  ivec4 step;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint out_c4s = DJLV_DIV_CEIL(p.out_dims.y, 4u);
  uint plane = p.out_dims.z * p.out_dims.w;
  if (i >= p.out_dims.x * out_c4s * plane) {
    return;
  }
  uint w = i % p.out_dims.w;
  uint h = (i / p.out_dims.w) % p.out_dims.z;
  uint c4 = (i / plane) % out_c4s;
  uint n = i / (plane * out_c4s);
  uint in_c4s = DJLV_DIV_CEIL(p.in_dims.y, 4u);
  uint sn = uint(p.begin.x + int(n) * p.step.x);
  uint sh = uint(p.begin.z + int(h) * p.step.z);
  uint sw = uint(p.begin.w + int(w) * p.step.w);
  vec4 v = vec4(0.0);
  for (uint j = 0u; j < 4u; j++) {
    uint c = c4 * 4u + j;
    if (c >= p.out_dims.y) {
      break;
    }
    uint sc = uint(p.begin.y + int(c) * p.step.y);
    v[j] = in_data[((sn * in_c4s + sc / 4u) * p.in_dims.z + sh) * p.in_dims.w + sw][sc % 4u];
  }
  out_data[i] = v;
}
