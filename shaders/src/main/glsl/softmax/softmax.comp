#version 450
#extension GL_GOOGLE_include_directive : require
// Numerically stable softmax exp(x - max) / sum(exp(x - max)) over one axis of an NC4HW4 fp32
// tensor. One invocation per row (all elements along the axis at fixed other coordinates).
// AXIS_CHANNEL 1: the axis is C; a row is the channel groups at one (n, h, w), lanes past C are
//   left out of max and sum. Rows: N * H * W.
// AXIS_CHANNEL 0: the axis is N, H or W; the 4 lanes of a vec4 are 4 independent rows. The axis
//   has `len` elements `stride` vec4s apart; the host gives the number of vec4 rows.
// Padded channel lanes are written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };

layout(push_constant) uniform Params {
  uint rows;      // invocations
  uint len;       // elements (channel groups for AXIS_CHANNEL) along the axis
  uint stride;    // vec4s between consecutive elements of a row
  uint plane;     // H * W
  uint channels;  // C
} p;

bvec4 lanesValid(uint c4) {
  uint c0 = c4 * 4u;
  return lessThan(uvec4(c0, c0 + 1u, c0 + 2u, c0 + 3u), uvec4(p.channels));
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= p.rows) {
    return;
  }
  // Rows are numbered (outer, inner) with inner < stride: the row starts at outer*stride*len+inner.
  uint base = (i / p.stride) * p.stride * p.len + i % p.stride;
  const vec4 NEG_INF = vec4(uintBitsToFloat(0xff800000u));
#if AXIS_CHANNEL
  vec4 m4 = NEG_INF;
  for (uint g = 0u; g < p.len; g++) {
    m4 = max(m4, mix(NEG_INF, ACT_LOAD(in_data[base + g * p.stride]), lanesValid(g)));
  }
  float m = max(max(m4.x, m4.y), max(m4.z, m4.w));
  vec4 s4 = vec4(0.0);
  for (uint g = 0u; g < p.len; g++) {
    s4 += mix(vec4(0.0), exp(ACT_LOAD(in_data[base + g * p.stride]) - m), lanesValid(g));
  }
  float inv = 1.0 / (s4.x + s4.y + s4.z + s4.w);
  for (uint g = 0u; g < p.len; g++) {
    uint o = base + g * p.stride;
    out_data[o] = ACT_STORE(mix(vec4(0.0), exp(ACT_LOAD(in_data[o]) - m) * inv, lanesValid(g)));
  }
#else
  vec4 m = NEG_INF;
  for (uint k = 0u; k < p.len; k++) {
    m = max(m, ACT_LOAD(in_data[base + k * p.stride]));
  }
  vec4 s = vec4(0.0);
  for (uint k = 0u; k < p.len; k++) {
    s += exp(ACT_LOAD(in_data[base + k * p.stride]) - m);
  }
  vec4 inv = 1.0 / s;
  bvec4 valid = lanesValid((base / p.plane) % DJLV_DIV_CEIL(p.channels, 4u));
  for (uint k = 0u; k < p.len; k++) {
    uint o = base + k * p.stride;
    out_data[o] = ACT_STORE(mix(vec4(0.0), exp(ACT_LOAD(in_data[o]) - m) * inv, valid));
  }
#endif
}
