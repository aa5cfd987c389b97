#version 450
#extension GL_GOOGLE_include_directive : require
// NCHW 8-bit integers (int8, or uint8 with flip = 0x80: q = u - 128, exactly) -> packed int8
// (4C1W, or 4W4C with LAYOUT_4W4C=1). The input is read as 32-bit words, 4 elements each (byte 0
// = the lowest index). One invocation per output word; padded lanes and W positions hold the zero
// point.
#include "common.glslh"
#include "int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { uint in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
  uint flip;   // 0x80 for uint8 input, 0 for int8
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
    uint plane = p.dims.z * p.dims.w;
    for (uint j = 0u; j < 4u; j++) {
      uint c = pos.y * 4u + j;
      if (c < p.dims.y) {
        uint e = ((pos.x * p.dims.y + c) * p.dims.z + pos.z) * p.dims.w + pos.w;
        uint b = bitfieldExtract(in_data[e / 4u], int(8u * (e % 4u)), 8) ^ p.flip;
        q[j] = bitfieldExtract(int(b), 0, 8);
      }
    }
  }
  out_data[i] = q8_pack(q);
}
