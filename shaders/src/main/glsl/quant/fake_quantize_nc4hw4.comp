#version 450
#extension GL_GOOGLE_include_directive : require
// Quantize-dequantize round trip on an NC4HW4 fp32 tensor, per-tensor affine (int8 range):
//   q = clamp(roundEven(x * inv_scale) + zero_point, -128, 127);  y = float(q - zero_point) * scale
// The same float steps as quantize_nchw and dequantize_nchw, so y is bit-exact with those two
// kernels in sequence. uint8 tensors use zero_point - 128 (an exact shift). Padded channel lanes
// are written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };

layout(push_constant) uniform Params {
  uint total;  // vec4 count: N * ceil(C/4) * H * W
  uint plane;  // H * W
  uint channels;
  float inv_scale;
  float scale;
  int zero_point;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= p.total) {
    return;
  }
  uint c0 = ((i / p.plane) % DJLV_DIV_CEIL(p.channels, 4u)) * 4u;
  vec4 x = in_data[i];
  vec4 y = vec4(0.0);
  for (uint j = 0u; j < 4u; j++) {
    if (c0 + j < p.channels) {
      precise float scaled = x[j] * p.inv_scale;
      int q = djlv_round_to_int8(scaled, p.zero_point);
      precise float back = float(q - p.zero_point) * p.scale;
      y[j] = back;
    }
  }
  out_data[i] = y;
}
