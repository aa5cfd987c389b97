#version 450
#extension GL_GOOGLE_include_directive : require
// NCHW fp32 -> int8 packed (4C1W, or 4W4C with LAYOUT_4W4C=1), per-tensor affine:
//   q = clamp(roundEven(x * inv_scale) + zero_point, -128, 127)
// One invocation per output word. Padded channels and W positions hold the zero point.
#include "common.glslh"
#include "int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { float in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
  float inv_scale;
  int zero_point;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= q8_word_count(p.dims)) {
    return;
  }
  uvec4 pos = q8_word_position(p.dims, i);
  uint plane = p.dims.z * p.dims.w;
  int word = 0;
  for (uint j = 0u; j < 4u; j++) {
    uint c = pos.y * 4u + j;
    int q = p.zero_point;
    if (c < p.dims.y && pos.w < p.dims.w) {
      precise float scaled = in_data[(pos.x * p.dims.y + c) * plane + pos.z * p.dims.w + pos.w]
          * p.inv_scale;
      q = clamp(int(clamp(roundEven(scaled), -512.0, 512.0)) + p.zero_point, -128, 127);
    }
    word |= (q & 0xFF) << (8u * j);
  }
  out_data[i] = word;
}
