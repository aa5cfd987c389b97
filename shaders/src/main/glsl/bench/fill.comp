#version 450
#extension GL_GOOGLE_include_directive : require
// data[i] = value for i < n: starts the dispatch-overhead chain from a known state.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Data { uint data[]; };

layout(push_constant) uniform Params {
  uint n;
  uint value;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i < p.n) {
    data[i] = p.value;
  }
}
