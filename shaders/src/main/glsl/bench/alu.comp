#version 450
#extension GL_GOOGLE_include_directive : require
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

// The chains are eight named variables, not an array: a driver that does not unroll the loop over
// an array would keep it in memory, and every step kind would then run at that memory's rate.
#define DJLV_EACH_CHAIN(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)

void main() {
  uint i = gl_GlobalInvocationID.x;
#define DJLV_SEED(c) uint v##c = floatBitsToUint(p.seed + float(c) + float(i % 64u));
  DJLV_EACH_CHAIN(DJLV_SEED)
  for (uint r = 0u; r < p.rounds; r++) {
#define DJLV_STEP(c) v##c = step_bits(v##c);
    DJLV_EACH_CHAIN(DJLV_STEP)
  }
  if (i < p.n) {
#define DJLV_STORE(c) out_data[8u * i + uint(c)] = v##c;
    DJLV_EACH_CHAIN(DJLV_STORE)
  }
}
