#version 450
#extension GL_GOOGLE_include_directive : require
// Packed int8 (4C1W, or 4W4C with LAYOUT_4W4C=1) -> NCHW 8-bit integers (int8, or uint8 with
// flip = 0x80: u = q + 128, exactly), written as 32-bit words of 4 elements (byte 0 = the lowest
// index). One invocation per output word; bytes past the last element are zero.
#include "common.glslh"
#include "int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { uint out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
  uint flip;   // 0x80 for uint8 output, 0 for int8
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint count = p.dims.x * p.dims.y * p.dims.z * p.dims.w;
  if (i >= DJLV_DIV_CEIL(count, 4u)) {
    return;
  }
  uint word = 0u;
  for (uint j = 0u; j < 4u; j++) {
    uint e = i * 4u + j;
    if (e < count) {
      uint w = e % p.dims.w;
      uint h = (e / p.dims.w) % p.dims.z;
      uint c = (e / (p.dims.w * p.dims.z)) % p.dims.y;
      uint n = e / (p.dims.w * p.dims.z * p.dims.y);
      uint packed = uint(in_data[q8_word_index(p.dims, n, c / 4u, h, w)]);
      uint b = bitfieldExtract(packed, int(8u * (c % 4u)), 8) ^ p.flip;
      word |= b << (8u * j);
    }
  }
  out_data[i] = word;
}
