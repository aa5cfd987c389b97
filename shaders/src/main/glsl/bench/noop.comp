#version 450
#extension GL_GOOGLE_include_directive : require

// The smallest useful kernel: adds 1 to each of the first n elements. Used to measure dispatch
// overhead and to exercise the shader build.

#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) buffer Data {
  uint data[];
};

layout(push_constant) uniform Params {
  uint n;
} params;

void main() {
  if (gl_GlobalInvocationID.x < params.n) {
    data[gl_GlobalInvocationID.x] += 1u;
  }
}
