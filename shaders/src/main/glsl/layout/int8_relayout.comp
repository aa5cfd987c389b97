#version 450
#extension GL_GOOGLE_include_directive : require
// int8 packed layout change, word for word: 4C1W -> 4W4C (LAYOUT_4W4C = 1, the target) or 4W4C ->
// 4C1W (LAYOUT_4W4C = 0). Padded W positions of a 4W4C target hold the zero point.
// One invocation per target word.
#include "common.glslh"
#include "quant/int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
  int zero_point;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= q8_word_count(p.dims)) {
    return;
  }
  uvec4 pos = q8_word_position(p.dims, i);  // n, c4, h, w
  uint c4s = DJLV_DIV_CEIL(p.dims.y, 4u);
  uint row = pos.x * p.dims.z + pos.z;
#if LAYOUT_4W4C
  if (pos.w >= p.dims.w) {
    out_data[i] = (p.zero_point & 0xFF) * 0x01010101;
    return;
  }
  out_data[i] = in_data[(row * c4s + pos.y) * p.dims.w + pos.w];
#else
  uint w4s = DJLV_DIV_CEIL(p.dims.w, 4u);
  out_data[i] = in_data[((row * w4s + pos.w / 4u) * c4s + pos.y) * 4u + pos.w % 4u];
#endif
}
