#version 450
#extension GL_GOOGLE_include_directive : require
// uint8 images [N, H, W, 3] (interleaved pixels, as decoded) -> normalized fp32 NC4HW4 [N, 3, H, W]:
// plane p = (byte of channel src[p] * scale - mean[p]) / std[p]; the fourth lane is zero. One
// invocation per output vec4 (one pixel).
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { uint in_words[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, 3, H, W
  vec4 mean;   // xyz: per plane; w: scale
  vec4 stdev;  // xyz: per plane
  uvec4 src;   // xyz: the byte of the pixel that plane p reads
} p;

uint pixel_byte(uint b) {
  return (in_words[b >> 2u] >> ((b & 3u) * 8u)) & 0xffu;
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint plane = p.dims.z * p.dims.w;
  if (i >= p.dims.x * plane) {
    return;
  }
  uint base = i * 3u;  // pixel i of [N, H, W] in row-major order, 3 bytes each
  vec4 v = vec4(0.0);
  for (uint j = 0u; j < 3u; j++) {
    float x = float(pixel_byte(base + p.src[j]));
    v[j] = (x * p.mean.w - p.mean[j]) / p.stdev[j];
  }
  out_data[i] = v;
}
