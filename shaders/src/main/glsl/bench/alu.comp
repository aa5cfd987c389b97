#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#if ALU_F64
#extension GL_ARB_gpu_shader_fp64 : require
#endif
// The rate of one instruction kind, for `bench-alu` (tools.bench.AluBenchmark): each invocation
// runs 8 independent chains of `rounds` steps and writes the chains' last values, so no step can
// be dropped. A step of MODE (specialization constant 1):
//   0 fma(v, 0.999, 0.25), the float multiply-add the others are compared with;
//   1 an int to float (the bits of float(u) become the next u);
//   2 a float to int (the int's bits become the next float);
//   3 roundEven(v) + 0.5;
//   4 the rounding by DJLV_ROUND_MAGIC (common.glslh): v + 1.5 * 2^23, minus its bit pattern as an
//     int, whose bits plus 0x3F000000 are the next float (a float and two integer additions);
//   5 (ALU_F64 builds) float(double(v) * 1.0000001), two conversions and a double multiply;
//   6 v + 0.25 rounded to half and widened back (packHalf2x16, unpackHalf2x16: the fp16 mode's
//     storage).
// out[8 * i + c] holds chain c of invocation i, as bits.
#include "common.glslh"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint MODE = 0u;

layout(set = 0, binding = 0) writeonly buffer Out { uint out_data[]; };

layout(push_constant) uniform Params {
  uint n;
  uint rounds;
  float seed;
} p;

uint step_bits(uint v) {
  float f = uintBitsToFloat(v);
#if ALU_F64
  return floatBitsToUint(float(double(f) * 1.0000001LF));
#else
  if (MODE == 0u) {
    return floatBitsToUint(fma(f, 0.999, 0.25));
  } else if (MODE == 1u) {
    return floatBitsToUint(float(int(v)));
  } else if (MODE == 2u) {
    return uint(int(f));
  } else if (MODE == 3u) {
    return floatBitsToUint(roundEven(f) + 0.5);
  } else if (MODE == 6u) {
    return floatBitsToUint(unpackHalf2x16(packHalf2x16(vec2(f + 0.25, 0.0))).x);
  }
  precise float shifted = f + DJLV_ROUND_MAGIC;
  return uint(floatBitsToInt(shifted) - DJLV_ROUND_MAGIC_BITS + 0x3F000000);
#endif
}

void main() {
  uint i = gl_GlobalInvocationID.x;
  uint v[8];
  [[unroll]] for (int c = 0; c < 8; c++) {
    v[c] = floatBitsToUint(p.seed + float(c) + float(i % 64u));
  }
  for (uint r = 0u; r < p.rounds; r++) {
    [[unroll]] for (int c = 0; c < 8; c++) {
      v[c] = step_bits(v[c]);
    }
  }
  if (i < p.n) {
    [[unroll]] for (int c = 0; c < 8; c++) {
      out_data[8u * i + uint(c)] = v[c];
    }
  }
}
