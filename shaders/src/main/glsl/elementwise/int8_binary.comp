#version 450
#extension GL_GOOGLE_include_directive : require
// Quantized element-wise add (ONNX QLinearAdd) or mul (QLinearMul) of two packed int8 tensors of
// the same layout (4C1W, or 4W4C with LAYOUT_4W4C=1), with NumPy broadcasting: each dimension of
// an operand equals the output's or is 1. One invocation per output word. Every float step is one
// IEEE binary32 operation in the order written (precise), with factors computed on the host:
//   OP 0 (add): y = float(a - za) * ra + (float(b - zb) * rb + base)   ra = sa / sy, rb = sb / sy
//     (quant/int8_add.glslh; ADD_ROUNDING 1 and 2: each multiply-add rounded once, as fma; 0: one
//     rounding per operation)
//     (ONNX Runtime's form: the host passes za = zb = zy = -offset and base = float(zy') -
//     (ra * za' + rb * zb') on the model's own codes, offset 128 for uint8, so y holds zy')
//   OP 1 (mul): y = float((a - za) * (b - zb)) * ra           ra = sa * sb / sy
//   then, with act = 1, y = clamp(y, lo, hi) (bounds in units of sy), and
//   q = clamp(roundEven(y) + zy, -128, 127).
// The output's padded channel lanes and W positions hold zpad (the output zero point).
// DEQUANTIZE 1 (a DequantizeLinear reads the result alone): instead of the packed codes, their real
// values float(q - z_dq) * s_dq, NCHW fp32, as the dequantize kernel computes and writes them.
#include "common.glslh"
#include "quant/int8_layout.glslh"
#include "quant/int8_add.glslh"

layout(local_size_x_id = 0) in;

#if DEQUANTIZE
layout(set = 0, binding = 0) writeonly buffer Out { float out_data[]; };
#else
layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
#endif
layout(set = 0, binding = 1) readonly buffer A { int a_data[]; };
layout(set = 0, binding = 2) readonly buffer B { int b_data[]; };

layout(push_constant) uniform Params {
  uvec4 out_dims;  // N, C, H, W
  uvec4 a_dims;
  uvec4 b_dims;
  int za;
  int zb;
  int zy;
  float ra;
  float rb;
  uint act;
  float lo;
  float hi;
  float base;
  int zpad;  // the output zero point, held by padded lanes
  float s_dq;  // DEQUANTIZE: the output's scale and zero point
  int z_dq;
} p;

// The 4 lanes of an operand at output word position pos (n, c4, h, w). An operand with as many
// channels as the output gives one word; a one-channel operand splats its channel 0.
ivec4 load(bool is_a, uvec4 dims, uvec4 pos) {
  uint n = dims.x == 1u ? 0u : pos.x;
  uint h = dims.z == 1u ? 0u : pos.z;
  uint w = dims.w == 1u ? 0u : pos.w;
  bool splat = dims.y != p.out_dims.y;
  uint idx = q8_word_index(dims, n, splat ? 0u : pos.y, h, w);
  ivec4 q = q8_unpack(is_a ? a_data[idx] : b_data[idx]);
  return splat ? q.xxxx : q;
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= q8_word_count(p.out_dims)) {
    return;
  }
  uvec4 pos = q8_word_position(p.out_dims, i);
  ivec4 q = ivec4(p.zpad);
  if (pos.w < p.out_dims.w) {
    ivec4 a = load(true, p.a_dims, pos) - p.za;
    ivec4 b = load(false, p.b_dims, pos) - p.zb;
#if OP == 0
    vec4 y = q8_add_real(a, b, p.ra, p.rb, p.base);
#else
    precise vec4 y = vec4(a * b) * p.ra;
#endif
    if (p.act == 1u) {
      y = clamp(y, vec4(p.lo), vec4(p.hi));
    }
    q = mix(q, djlv_round_to_int8(y, p.zy), q8_valid_lanes(pos.y, p.out_dims.y));
  }
#if DEQUANTIZE
  // The codes' real values, as the dequantize kernel computes and writes them (NCHW).
  if (pos.w < p.out_dims.w) {
    bvec4 valid = q8_valid_lanes(pos.y, p.out_dims.y);
    for (uint j = 0u; j < 4u; j++) {
      if (valid[j]) {
        uint c = pos.y * 4u + j;
        precise float r = float(q[j] - p.z_dq) * p.s_dq;
        out_data[((pos.x * p.out_dims.y + c) * p.out_dims.z + pos.z) * p.out_dims.w + pos.w] = r;
      }
    }
  }
#else
  out_data[i] = q8_pack(q);
#endif
}
