#version 450
#extension GL_GOOGLE_include_directive : require
// dst[i] = src[i] for i < n (32-bit words).
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Dst { uint dst[]; };
layout(set = 0, binding = 1) readonly buffer Src { uint src[]; };

layout(push_constant) uniform Params {
  uint n;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i < p.n) {
    dst[i] = src[i];
  }
}
