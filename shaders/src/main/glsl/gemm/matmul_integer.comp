#version 450
#extension GL_GOOGLE_include_directive : require
// ONNX MatMulInteger: Y[b][m][n] = sum_k (A[b][m][k] - a_zp) * (B[b][k][n] - b_zp) in int32, on
// row-major 8-bit operands (each int8 or uint8, read as 32-bit words of 4 elements) with up to two
// broadcast batch dimensions. Zero points are 8-bit tensors of the operand's signedness: one value,
// or one per row of A (per column of B) and per matrix of the operand. One invocation per output
// element; Y is row-major int32.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer A { uint a_data[]; };
layout(set = 0, binding = 2) readonly buffer B { uint b_data[]; };
layout(set = 0, binding = 3) readonly buffer AZero { uint a_zp_data[]; };
layout(set = 0, binding = 4) readonly buffer BZero { uint b_zp_data[]; };

layout(push_constant) uniform Params {
  uint m;
  uint k;
  uint n;
  uint batch0;          // output batch dimensions (1 when absent)
  uint batch1;
  uint a_stride0;       // matrix strides of A along the batch dimensions (0: broadcast)
  uint a_stride1;
  uint b_stride0;
  uint b_stride1;
  uint a_signed;
  uint b_signed;
  uint a_zp_per_row;    // 1: a zero point per row of each matrix of A, 0: one value
  uint b_zp_per_column; // 1: a zero point per column of each matrix of B, 0: one value
} p;

int load8(uint word, uint e, uint is_signed) {
  int offset = int(8u * (e % 4u));
  return is_signed != 0u ? bitfieldExtract(int(word), offset, 8)
                         : int(bitfieldExtract(word, offset, 8));
}

#define LOAD8(buf, e, is_signed) load8(buf[(e) / 4u], e, is_signed)

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint per_matrix = p.m * p.n;
  if (i >= per_matrix * p.batch0 * p.batch1) {
    return;
  }
  uint col = i % p.n;
  uint row = (i / p.n) % p.m;
  uint batch = i / per_matrix;
  uint b1 = batch % p.batch1;
  uint b0 = batch / p.batch1;
  uint a_matrix = b0 * p.a_stride0 + b1 * p.a_stride1;
  uint b_matrix = b0 * p.b_stride0 + b1 * p.b_stride1;
  uint a_zp_index = p.a_zp_per_row != 0u ? a_matrix * p.m + row : 0u;
  uint b_zp_index = p.b_zp_per_column != 0u ? b_matrix * p.n + col : 0u;
  int a_zp = LOAD8(a_zp_data, a_zp_index, p.a_signed);
  int b_zp = LOAD8(b_zp_data, b_zp_index, p.b_signed);
  uint a_base = (a_matrix * p.m + row) * p.k;
  uint b_base = b_matrix * p.k * p.n + col;
  int acc = 0;
  for (uint kk = 0u; kk < p.k; kk++) {
    int a = LOAD8(a_data, a_base + kk, p.a_signed) - a_zp;
    int b = LOAD8(b_data, b_base + kk * p.n, p.b_signed) - b_zp;
    acc += a * b;
  }
  out_data[i] = acc;
}
