#version 450
#extension GL_GOOGLE_include_directive : require
// float16 NCHW -> NC4HW4 fp32, one invocation per output vec4; channels past C are zero. The
// halves are read two to a 32-bit word (element e is half e % 2 of word e / 2, little-endian) and
// widened with unpackHalf2x16, so no 16-bit storage feature is needed. With ACT_F16 the output is
// the fp16 activation storage (exact: the values are halves already).
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { uint in_words[]; };

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
      uint e = (n * p.dims.y + c) * plane + hw;
      v[j] = unpackHalf2x16(in_words[e / 2u])[e % 2u];
    }
  }
  out_data[i] = ACT_STORE(v);
}
