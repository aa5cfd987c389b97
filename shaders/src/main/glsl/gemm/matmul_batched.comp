#version 450
#extension GL_GOOGLE_include_directive : require
// Batched matrix product on NC4HW4 fp32 tensors viewed as [B0, B1, rows, cols]:
// out[b0, b1, m, n] = sum_k a[b0, b1, m, k] * b[b0, b1, k, n], where a batch dimension of 1 in an
// operand is broadcast. The batch dimension B1 is the channel axis (4 lanes per vec4 block), so one
// invocation computes one scalar of the output; padded channel lanes are written as zero.
// Not a hot path: one multiply-add chain of length K per output element, no tiling.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { float out_data[]; };
layout(set = 0, binding = 1) readonly buffer A { float a_data[]; };
layout(set = 0, binding = 2) readonly buffer B { float b_data[]; };

layout(push_constant) uniform Params {
  uvec4 out_dims;  // B0, B1, M, N
  uvec4 a_dims;    // B0 or 1, B1 or 1, M, K
  uvec4 b_dims;    // B0 or 1, B1 or 1, K, N
} p;

// Index of scalar (n, c, h, w) in an NC4HW4 buffer of the given 4-D dims.
uint at(uvec4 dims, uint n, uint c, uint h, uint w) {
  uint c4s = DJLV_DIV_CEIL(dims.y, 4u);
  return ((((n * c4s + c / 4u) * dims.z + h) * dims.w + w) * 4u) + c % 4u;
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint c4s = DJLV_DIV_CEIL(p.out_dims.y, 4u);
  uint total = p.out_dims.x * c4s * p.out_dims.z * p.out_dims.w * 4u;
  if (i >= total) {
    return;
  }
  uint lane = i % 4u;
  uint v = i / 4u;
  uint col = v % p.out_dims.w;
  uint row = (v / p.out_dims.w) % p.out_dims.z;
  uint c = ((v / (p.out_dims.w * p.out_dims.z)) % c4s) * 4u + lane;
  uint n = v / (p.out_dims.w * p.out_dims.z * c4s);
  if (c >= p.out_dims.y) {
    out_data[i] = 0.0;
    return;
  }
  uint an = p.a_dims.x == 1u ? 0u : n;
  uint ac = p.a_dims.y == 1u ? 0u : c;
  uint bn = p.b_dims.x == 1u ? 0u : n;
  uint bc = p.b_dims.y == 1u ? 0u : c;
  float acc = 0.0;
  for (uint k = 0u; k < p.a_dims.w; k++) {
    acc += a_data[at(p.a_dims, an, ac, row, k)] * b_data[at(p.b_dims, bn, bc, k, col)];
  }
  out_data[i] = acc;
}
