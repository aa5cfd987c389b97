#version 450
#extension GL_GOOGLE_include_directive : require
// Local response normalization across channels (ONNX LRN) on NC4HW4 fp32, one invocation per
// output vec4: y = x / (bias + alpha / size * sum of x^2 over channels c - floor((size - 1) / 2) to
// c + ceil((size - 1) / 2)) ^ beta. Padded channel lanes are written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, C, H, W
  int size;
  float alpha_over_size;
  float beta;
  float bias;
} p;

float value(uint n, uint c, uint pos) {
  uint c4s = DJLV_DIV_CEIL(p.dims.y, 4u);
  uint plane = p.dims.z * p.dims.w;
  return in_data[(n * c4s + c / 4u) * plane + pos][c % 4u];
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint c4s = DJLV_DIV_CEIL(p.dims.y, 4u);
  uint plane = p.dims.z * p.dims.w;
  if (i >= p.dims.x * c4s * plane) {
    return;
  }
  uint pos = i % plane;
  uint c4 = (i / plane) % c4s;
  uint n = i / (plane * c4s);
  int lo = (p.size - 1) / 2;
  int hi = p.size - 1 - lo;
  vec4 y = vec4(0.0);
  for (uint j = 0u; j < 4u; j++) {
    int c = int(c4 * 4u + j);
    if (c >= int(p.dims.y)) {
      break;
    }
    float sum = 0.0;
    for (int k = max(0, c - lo); k <= min(int(p.dims.y) - 1, c + hi); k++) {
      float v = value(n, uint(k), pos);
      sum += v * v;
    }
    y[j] = value(n, uint(c), pos) / pow(p.bias + p.alpha_over_size * sum, p.beta);
  }
  out_data[i] = y;
}
