#version 450
#extension GL_GOOGLE_include_directive : require
// Maps every int8 value of a packed tensor (4C1W, or 4W4C with LAYOUT_4W4C=1) through a 256-entry
// table computed on the host: out = table[q + 128]. Requantization and quantized unary functions
// (QLinearSigmoid) are such tables: exact by construction. One invocation per word; the output
// keeps the input's layout and shape, its padded lanes and W positions hold its zero point.
#include "common.glslh"
#include "int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };
layout(set = 0, binding = 2) readonly buffer Table { int table[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
  int zero_point;  // the output's
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= q8_word_count(p.dims)) {
    return;
  }
  uvec4 pos = q8_word_position(p.dims, i);
  ivec4 q = ivec4(p.zero_point);
  if (pos.w < p.dims.w) {
    ivec4 x = q8_unpack(in_data[i]) + 128;
    ivec4 y = ivec4(table[x.x], table[x.y], table[x.z], table[x.w]);
    q = mix(q, y, q8_valid_lanes(pos.y, p.dims.y));
  }
  out_data[i] = q8_pack(q);
}
