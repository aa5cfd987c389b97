#version 450
#extension GL_GOOGLE_include_directive : require
// Copies one input of a quantized channel concat (ONNX QLinearConcat) into its channel range
// [offset, offset + in_c) of the packed int8 output (4C1W, or 4W4C with LAYOUT_4W4C=1; input and
// output share the layout), requantizing each value to the output's scale and zero point:
//   q = clamp(roundEven(float(x - z_in) * ratio) + z_out, -128, 127), ratio = s_in / s_out
// computed on the host (the identity when the quantizations are equal). One invocation per output
// word that the range touches. The first input's dispatch writes whole words; each later one reads
// the words whose lanes it shares with other inputs, merges its lanes and writes them back (merge
// = 1: the output is bound read-write, the graph puts a barrier between the dispatches).
// The dispatch of the last input also writes z_out into the output's padded lanes (channels >=
// out_c); every dispatch writes z_out into its lanes at padded W positions.
#include "common.glslh"
#include "quant/int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };

layout(push_constant) uniform Params {
  uvec4 out_dims;    // N, C_out, H, W
  uint in_c;
  uint offset;       // first output channel of this input
  uint first_group;  // offset / 4
  uint groups;       // output channel groups the range touches
  uint tail;         // 1 for the last input: also write the lanes >= C_out
  uint padded_w;     // W positions per row in the layout (W, or W rounded up to 4 in 4W4C)
  uint merge;        // 1: keep the lanes of shared words that other inputs own
  int z_in;
  int z_out;
  float ratio;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= p.out_dims.x * p.out_dims.z * p.groups * p.padded_w) {
    return;
  }
  uint w = i % p.padded_w;
  uint group = p.first_group + (i / p.padded_w) % p.groups;
  uint h = (i / (p.padded_w * p.groups)) % p.out_dims.z;
  uint n = i / (p.padded_w * p.groups * p.out_dims.z);
  uvec4 in_dims = uvec4(p.out_dims.x, p.in_c, p.out_dims.zw);
  bool inside_w = w < p.out_dims.w;
  ivec4 q = ivec4(p.z_out);
  bvec4 owned = bvec4(false);
  for (uint j = 0u; j < 4u; j++) {
    uint c = group * 4u + j;
    if (c >= p.offset && c < p.offset + p.in_c) {
      owned[j] = true;
      if (inside_w) {
        uint ic = c - p.offset;
        int word = in_data[q8_word_index(in_dims, n, ic / 4u, h, w)];
        int x = bitfieldExtract(word, int(8u * (ic % 4u)), 8);
        precise float y = float(x - p.z_in) * p.ratio;
        q[j] = djlv_round_to_int8(vec4(y), p.z_out).x;
      }
    } else if (p.tail != 0u && c >= p.out_dims.y) {
      owned[j] = true;
    }
  }
  uint out_index = q8_word_index(p.out_dims, n, group, h, w);
  if (p.merge != 0u && !all(owned)) {
    q = mix(q8_unpack(out_data[out_index]), q, owned);
  }
  out_data[out_index] = q8_pack(q);
}
