#version 450
#extension GL_GOOGLE_include_directive : require
// Changes the layout of a packed int8 tensor: 4C1W -> 4W4C (LAYOUT_4W4C=1, the output's layout)
// or 4W4C -> 4C1W (LAYOUT_4W4C=0). One invocation per output word. The output's padded channel
// lanes and padded W positions hold the zero point, whatever the input's padding holds.
#include "common.glslh"
#include "int8_layout.glslh"

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
  uvec4 pos = q8_word_position(p.dims, i);
  ivec4 q = ivec4(p.zero_point);
  if (pos.w < p.dims.w) {
#if LAYOUT_4W4C
    int word = in_data[q8_word_index_4c1w(p.dims, pos.x, pos.y, pos.z, pos.w)];
#else
    int word = in_data[q8_word_index_4w4c(p.dims, pos.x, pos.y, pos.z, pos.w)];
#endif
    q = mix(q, q8_unpack(word), q8_valid_lanes(pos.y, p.dims.y));
  }
  out_data[i] = q8_pack(q);
}
