#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Per-channel affine map on an NC4HW4 fp32 tensor: y = x * scale[c] + shift[c], then the fused
// activation (standalone inference BatchNormalization). scale and shift are vec4 per channel
// group, zero padded, so padded lanes stay zero before the activation; they are masked after it.
#include "common.glslh"
#include "gemm/gemm_tiles.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };
layout(set = 0, binding = 2) readonly buffer Scale { vec4 scale_data[]; };
layout(set = 0, binding = 3) readonly buffer Shift { vec4 shift_data[]; };

layout(push_constant) uniform Params {
  uint total;  // vec4 count: N * ceil(C/4) * H * W
  uint plane;  // H * W
  uint channels;
  uint act;
  float lo;
  float hi;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= p.total) {
    return;
  }
  uint c4 = (i / p.plane) % DJLV_DIV_CEIL(p.channels, 4u);
  vec4 v = in_data[i] * scale_data[c4];
  out_data[i] = gemm_epilogue(v, shift_data[c4], p.act, p.lo, p.hi, c4 * 4u, p.channels);
}
