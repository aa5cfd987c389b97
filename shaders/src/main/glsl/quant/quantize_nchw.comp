#version 450
#extension GL_GOOGLE_include_directive : require
// NCHW fp32 -> int8 packed (4C1W, or 4W4C with LAYOUT_4W4C=1), per-tensor affine:
//   q = clamp(roundEven(x * inv_scale) + zero_point, -128, 127)
// One invocation per output word. Padded channels and W positions hold the zero point.
// SPACE_TO_DEPTH 1: the output is the input's 2 x 2 space-to-depth, [N, 4C, H / 2, W / 2] (dims
// are the output's; in_c, in_h and in_w the input's, H and W even): channel c' = (2 * sy + sx) * C
// + c holds input channel c at row 2 * y + sy, column 2 * x + sx.
#include "common.glslh"
#include "int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { float in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
  float inv_scale;
  int zero_point;
#if SPACE_TO_DEPTH
  uint in_c;
  uint in_h;
  uint in_w;
#endif
} p;

// The input's index of output channel c at output position (n, y, x).
uint source_index(uint n, uint c, uint y, uint x) {
#if SPACE_TO_DEPTH
  uint s = c / p.in_c;
  uint ic = c - s * p.in_c;
  return ((n * p.in_c + ic) * p.in_h + 2u * y + s / 2u) * p.in_w + 2u * x + s % 2u;
#else
  return (n * p.dims.y + c) * p.dims.z * p.dims.w + y * p.dims.w + x;
#endif
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= q8_word_count(p.dims)) {
    return;
  }
  uvec4 pos = q8_word_position(p.dims, i);
  int word = 0;
  for (uint j = 0u; j < 4u; j++) {
    uint c = pos.y * 4u + j;
    int q = p.zero_point;
    if (c < p.dims.y && pos.w < p.dims.w) {
      precise float scaled = in_data[source_index(pos.x, c, pos.z, pos.w)] * p.inv_scale;
      q = djlv_round_to_int8(scaled, p.zero_point);
    }
    word |= (q & 0xFF) << (8u * j);
  }
  out_data[i] = word;
}
