#version 450
#extension GL_GOOGLE_include_directive : require
// Copies an NC4HW4 fp32 tensor into another NC4HW4 tensor with a different shape, one invocation
// per output vec4; padded channel lanes are written as zero.
// PERMUTE 0 (reshape): output element (n, c, h, w) is the input element with the same row-major
//   (NCHW) flat index.
// PERMUTE 1: output axis k is input axis perm[k]: input index[perm[k]] = output index[k].
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };

layout(push_constant) uniform Params {
  uvec4 out_dims;  // N, C, H, W
  uvec4 in_dims;
  uvec4 perm;      // PERMUTE only
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
  vec4 v = vec4(0.0);
  for (uint j = 0u; j < 4u; j++) {
    uint c = c4 * 4u + j;
    if (c >= p.out_dims.y) {
      break;
    }
#if PERMUTE
    uint index[4] = uint[4](n, c, h, w);
    uint src[4];
    src[p.perm.x] = index[0];
    src[p.perm.y] = index[1];
    src[p.perm.z] = index[2];
    src[p.perm.w] = index[3];
    uvec4 s = uvec4(src[0], src[1], src[2], src[3]);
#else
    uint flat_index = ((n * p.out_dims.y + c) * p.out_dims.z + h) * p.out_dims.w + w;
    uvec4 s;
    s.w = flat_index % p.in_dims.w;
    s.z = (flat_index / p.in_dims.w) % p.in_dims.z;
    s.y = (flat_index / (p.in_dims.w * p.in_dims.z)) % p.in_dims.y;
    s.x = flat_index / (p.in_dims.w * p.in_dims.z * p.in_dims.y);
#endif
    v[j] = in_data[((s.x * in_c4s + s.y / 4u) * p.in_dims.z + s.z) * p.in_dims.w + s.w][s.y % 4u];
  }
  out_data[i] = v;
}
