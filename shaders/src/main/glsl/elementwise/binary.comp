#version 450
#extension GL_GOOGLE_include_directive : require
// Element-wise binary op on NC4HW4 fp32 tensors with NumPy broadcasting: every dimension of an
// operand equals the output's or is 1. A one-channel operand is splatted over the 4 lanes.
// OP: 0 add, 1 sub, 2 mul, 3 div, 4 pow (a negative base takes an integral exponent, else NaN),
// 5 min, 6 max (NaN wins in both), 7 prelu a < 0 ? a * b : a; comparisons and logic give 1.0 for
// true and 0.0 for false: 8 a == b, 9 a < b, 10 a > b, 11 a <= b, 12 a >= b, 13 a and b, 14 a or b,
// 15 a xor b (a value is true when it is not zero), 16 select b != 0 ? a : 0 (Where's halves).
// Activation: 0 none, 1 clamp(lo, hi) (ReLU is clamp(0, +inf)).
// Padded channel lanes of the output are written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer A { ACT_T a_data[]; };
layout(set = 0, binding = 2) readonly buffer B { ACT_T b_data[]; };

layout(push_constant) uniform Params {
  uvec4 out_dims;  // N, C, H, W
  uvec4 a_dims;
  uvec4 b_dims;
  uint activation;
  float lo;
  float hi;
} p;

vec4 load(uvec4 dims, uint n, uint c4, uint h, uint w, bool is_a) {
  uint nn = dims.x == 1u ? 0u : n;
  uint cc = dims.y == 1u ? 0u : c4;
  uint hh = dims.z == 1u ? 0u : h;
  uint ww = dims.w == 1u ? 0u : w;
  uint idx = ((nn * DJLV_DIV_CEIL(dims.y, 4u) + cc) * dims.z + hh) * dims.w + ww;
  vec4 v = is_a ? ACT_LOAD(a_data[idx]) : ACT_LOAD(b_data[idx]);
  return dims.y == 1u ? v.xxxx : v;
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint c4s = DJLV_DIV_CEIL(p.out_dims.y, 4u);
  uint total = p.out_dims.x * c4s * p.out_dims.z * p.out_dims.w;
  if (i >= total) {
    return;
  }
  uint w = i % p.out_dims.w;
  uint h = (i / p.out_dims.w) % p.out_dims.z;
  uint c4 = (i / (p.out_dims.w * p.out_dims.z)) % c4s;
  uint n = i / (p.out_dims.w * p.out_dims.z * c4s);
  vec4 a = load(p.a_dims, n, c4, h, w, true);
  vec4 b = load(p.b_dims, n, c4, h, w, false);
#if OP == 0
  vec4 r = a + b;
#elif OP == 1
  vec4 r = a - b;
#elif OP == 2
  vec4 r = a * b;
#elif OP == 3
  vec4 r = a / b;
#elif OP == 4
  // GLSL's pow is undefined for a < 0: |a|^b with the sign of an odd integral b.
  vec4 mag = pow(abs(a), b);
  bvec4 integral = equal(b, floor(b));
  bvec4 odd = notEqual(mod(b, 2.0), vec4(0.0));
  vec4 signed_mag = mix(mag, -mag, bvec4(uvec4(lessThan(a, vec4(0.0))) & uvec4(odd)));
  vec4 r = mix(signed_mag, vec4(uintBitsToFloat(0x7fc00000u)),
               bvec4(uvec4(lessThan(a, vec4(0.0))) & uvec4(not(integral))));
  bvec4 zero_base = equal(a, vec4(0.0));
  r = mix(r, vec4(0.0), bvec4(uvec4(zero_base) & uvec4(greaterThan(b, vec4(0.0)))));
  r = mix(r, vec4(uintBitsToFloat(0x7f800000u)),
          bvec4(uvec4(zero_base) & uvec4(lessThan(b, vec4(0.0)))));
  r = mix(r, vec4(1.0), equal(b, vec4(0.0)));
#elif OP == 5
  vec4 r = mix(min(a, b), a + b, bvec4(uvec4(isnan(a)) | uvec4(isnan(b))));
#elif OP == 6
  vec4 r = mix(max(a, b), a + b, bvec4(uvec4(isnan(a)) | uvec4(isnan(b))));
#elif OP == 7
  vec4 r = mix(a, a * b, lessThan(a, vec4(0.0)));
#elif OP == 8
  vec4 r = vec4(equal(a, b));
#elif OP == 9
  vec4 r = vec4(lessThan(a, b));
#elif OP == 10
  vec4 r = vec4(greaterThan(a, b));
#elif OP == 11
  vec4 r = vec4(lessThanEqual(a, b));
#elif OP == 12
  vec4 r = vec4(greaterThanEqual(a, b));
#elif OP == 13
  vec4 r = vec4(uvec4(notEqual(a, vec4(0.0))) & uvec4(notEqual(b, vec4(0.0))));
#elif OP == 14
  vec4 r = vec4(uvec4(notEqual(a, vec4(0.0))) | uvec4(notEqual(b, vec4(0.0))));
#elif OP == 15
  vec4 r = vec4(uvec4(notEqual(a, vec4(0.0))) ^ uvec4(notEqual(b, vec4(0.0))));
#else
  vec4 r = mix(vec4(0.0), a, notEqual(b, vec4(0.0)));
#endif
  if (p.activation == 1u) {
    r = djlv_clamp_nan(r, vec4(p.lo), vec4(p.hi));
  }
  uint c0 = c4 * 4u;
  bvec4 valid = lessThan(uvec4(c0, c0 + 1u, c0 + 2u, c0 + 3u), uvec4(p.out_dims.y));
  out_data[i] = ACT_STORE(mix(vec4(0.0), r, valid));
}
