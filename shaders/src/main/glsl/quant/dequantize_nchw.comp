#version 450
#extension GL_GOOGLE_include_directive : require
// int8 packed (4C1W, or 4W4C with LAYOUT_4W4C=1) -> NCHW fp32: x = float(q - zero_point) * scale.
// One invocation per output element.
#include "common.glslh"
#include "int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { float out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
  float scale;
  int zero_point;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint plane = p.dims.z * p.dims.w;
  if (i >= p.dims.x * p.dims.y * plane) {
    return;
  }
  uint w = i % p.dims.w;
  uint h = (i / p.dims.w) % p.dims.z;
  uint c = (i / plane) % p.dims.y;
  uint n = i / (plane * p.dims.y);
  int word = in_data[q8_word_index(p.dims, n, c / 4u, h, w)];
  int q = bitfieldExtract(word, int(8u * (c % 4u)), 8);
  precise float x = float(q - p.zero_point) * p.scale;
  out_data[i] = x;
}
