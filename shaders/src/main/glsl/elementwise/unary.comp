#version 450
#extension GL_GOOGLE_include_directive : require
// Element-wise unary function on an NC4HW4 fp32 tensor; padded channel lanes are written as zero.
// OP: 0 sigmoid 1 / (1 + exp(-x)), 1 hard sigmoid clamp(alpha * x + beta, 0, 1),
//     2 hard swish x * clamp(alpha * x + beta, 0, 1) (ONNX HardSwish: alpha = 1/6, beta = 1/2),
//     3 exp(x).
// (ReLU and Clip are clamp.comp.)
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };

layout(push_constant) uniform Params {
  uint total;  // vec4 count: N * ceil(C/4) * H * W
  uint plane;  // H * W
  uint channels;
  float alpha;
  float beta;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= p.total) {
    return;
  }
  vec4 x = in_data[i];
#if OP == 0
  vec4 r = 1.0 / (1.0 + exp(-x));
#elif OP == 1
  vec4 r = clamp(p.alpha * x + p.beta, 0.0, 1.0);
#elif OP == 2
  vec4 r = x * clamp(p.alpha * x + p.beta, 0.0, 1.0);
#else
  vec4 r = exp(x);
#endif
  uint c0 = ((i / p.plane) % DJLV_DIV_CEIL(p.channels, 4u)) * 4u;
  bvec4 valid = lessThan(uvec4(c0, c0 + 1u, c0 + 2u, c0 + 3u), uvec4(p.channels));
  out_data[i] = mix(vec4(0.0), r, valid);
}
