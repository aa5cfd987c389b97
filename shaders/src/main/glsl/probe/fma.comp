#version 450
#extension GL_GOOGLE_include_directive : require
// Whether the device's fma() rounds once: out[i] = fma(a, b, c) for the i-th triple of `in`
// (a, b, c at 3i, 3i + 1, 3i + 2). The host picks triples whose product needs more than 24 bits,
// so one rounding and two give different results (ops.int8.FusedMultiplyAdd).
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { float out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { float in_data[]; };

layout(push_constant) uniform Params {
  uint n;
} p;

void main() {
  uint i = gl_GlobalInvocationID.x;
  if (i < p.n) {
    precise float r = fma(in_data[3u * i], in_data[3u * i + 1u], in_data[3u * i + 2u]);
    out_data[i] = r;
  }
}
