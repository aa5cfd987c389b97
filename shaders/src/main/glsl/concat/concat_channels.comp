#version 450
#extension GL_GOOGLE_include_directive : require
// Copies one input of a channel concat into its channel range [offset, offset + in_c) of the
// NC4HW4 fp32 output. One invocation per output vec4 that the range touches. When the range does
// not start or end on a group of 4, a group straddles two inputs: each dispatch then writes only
// the lanes it owns, as scalars, so that the dispatches of the other inputs keep theirs. The
// dispatch of the last input also writes the output's padded lanes (channels >= out_c) as zero.
// With fp16 activations (ACT_F16) a lane pair shares a 32-bit word, so the owned lanes are
// written as words; the caller keeps every range boundary on an even channel.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer OutVec { ACT_T out_vec[]; };
#if ACT_F16
layout(set = 0, binding = 0) writeonly buffer OutWord { uint out_word[]; };
#else
layout(set = 0, binding = 0) writeonly buffer OutScalar { float out_scalar[]; };
#endif
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };

layout(push_constant) uniform Params {
  uint n;
  uint plane;        // H * W
  uint in_c;
  uint out_c;
  uint offset;       // first output channel of this input
  uint first_group;  // offset / 4
  uint groups;       // output groups the range touches
  uint tail;         // 1 for the last input: also write lanes >= out_c
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= p.n * p.groups * p.plane) {
    return;
  }
  uint hw = i % p.plane;
  uint group = p.first_group + (i / p.plane) % p.groups;
  uint n = i / (p.plane * p.groups);
  uint in_c4s = DJLV_DIV_CEIL(p.in_c, 4u);
  uint out_index = (n * DJLV_DIV_CEIL(p.out_c, 4u) + group) * p.plane + hw;
  vec4 v = vec4(0.0);
  bvec4 owned = bvec4(false);
  for (uint j = 0u; j < 4u; j++) {
    uint c = group * 4u + j;
    if (c >= p.offset && c < p.offset + p.in_c) {
      uint ic = c - p.offset;
      v[j] = ACT_LOAD(in_data[(n * in_c4s + ic / 4u) * p.plane + hw])[ic % 4u];
      owned[j] = true;
    } else if (p.tail != 0u && c >= p.out_c) {
      owned[j] = true;
    }
  }
  if (all(owned)) {
    out_vec[out_index] = ACT_STORE(v);
  } else {
#if ACT_F16
    uvec2 words = ACT_STORE(v);
    for (uint w = 0u; w < 2u; w++) {
      if (owned[2u * w]) {
        out_word[out_index * 2u + w] = words[w];
      }
    }
#else
    for (uint j = 0u; j < 4u; j++) {
      if (owned[j]) {
        out_scalar[out_index * 4u + j] = v[j];
      }
    }
#endif
  }
}
