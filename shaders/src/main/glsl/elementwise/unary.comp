#version 450
#extension GL_GOOGLE_include_directive : require
// Element-wise unary function on an NC4HW4 fp32 tensor; padded channel lanes are written as zero.
// OP picks the function (the codes of org.djlvulkan.backend.ops.UnaryFunction); alpha and beta are
// its parameters where it has some:
//   0 sigmoid 1 / (1 + exp(-x))          1 hard sigmoid clamp(alpha * x + beta, 0, 1)
//   2 hard swish x * hardsigmoid(x)      3 exp(x)
//   4 tanh(x)                            5 log(x) (NaN below 0, -inf at 0)
//   6 sqrt(x) (NaN below 0)              7 1 / x
//   8 -x                                 9 |x|
//   10 floor(x)                          11 ceil(x)
//   12 round half to even                13 erf(x)
//   14 leaky relu: x < 0 ? alpha * x : x
//   15 elu: x < 0 ? alpha * (exp(x) - 1) : x
//   16 selu: beta * (x <= 0 ? alpha * (exp(x) - 1) : x)   (ONNX: alpha, gamma = beta)
//   17 softplus log(1 + exp(x))          18 softsign x / (1 + |x|)
//   19 mish x * tanh(softplus(x))        20 gelu 0.5 x (1 + erf(x / sqrt 2))
//   21 gelu, tanh form 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
//   22 affine alpha * x + beta
//   23 logical not: 1.0 where x is 0, else 0.0
//   24 sign(x): -1, 0 or 1
//   25 shrink: x < -alpha ? x + beta : x > alpha ? x - beta : 0   (ONNX: lambd, bias)
//   26 thresholded relu: x > alpha ? x : 0
//   27 celu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
// NaN in gives NaN out for every function. (ReLU and Clip are clamp.comp.)
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

// tanh that stays finite for large |x| (a naive (e^2x - 1) / (e^2x + 1) overflows to NaN).
vec4 safe_tanh(vec4 x) {
  return tanh(clamp(x, -15.0, 15.0));
}

// log(1 + exp(x)) without overflow: x itself above 20, where the difference is below float's step.
vec4 softplus(vec4 x) {
  return mix(log(1.0 + exp(min(x, 20.0))), x, greaterThan(x, vec4(20.0)));
}

// erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).
vec4 erf4(vec4 x) {
  vec4 a = abs(x);
  vec4 t = 1.0 / (1.0 + 0.3275911 * a);
  vec4 poly =
      t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign(x) * (1.0 - poly * exp(-a * a));
}

vec4 apply(vec4 x) {
  float nan = uintBitsToFloat(0x7fc00000u);
  float inf = uintBitsToFloat(0x7f800000u);
  bvec4 neg = lessThan(x, vec4(0.0));
#if OP == 0
  return 1.0 / (1.0 + exp(-x));
#elif OP == 1
  return clamp(p.alpha * x + p.beta, 0.0, 1.0);
#elif OP == 2
  return x * clamp(p.alpha * x + p.beta, 0.0, 1.0);
#elif OP == 3
  return exp(x);
#elif OP == 4
  return safe_tanh(x);
#elif OP == 5
  vec4 r = mix(log(max(x, 1e-45)), vec4(nan), neg);
  return mix(r, vec4(-inf), equal(x, vec4(0.0)));
#elif OP == 6
  return mix(sqrt(max(x, 0.0)), vec4(nan), neg);
#elif OP == 7
  return 1.0 / x;
#elif OP == 8
  return -x;
#elif OP == 9
  return abs(x);
#elif OP == 10
  return floor(x);
#elif OP == 11
  return ceil(x);
#elif OP == 12
  return roundEven(x);
#elif OP == 13
  return erf4(x);
#elif OP == 14
  return mix(x, p.alpha * x, neg);
#elif OP == 15
  return mix(x, p.alpha * (exp(x) - 1.0), neg);
#elif OP == 16
  return p.beta * mix(x, p.alpha * (exp(x) - 1.0), lessThanEqual(x, vec4(0.0)));
#elif OP == 17
  return softplus(x);
#elif OP == 18
  return x / (1.0 + abs(x));
#elif OP == 19
  return x * safe_tanh(softplus(x));
#elif OP == 20
  return 0.5 * x * (1.0 + erf4(x * 0.70710678118654752));
#elif OP == 21
  return 0.5 * x * (1.0 + safe_tanh(0.79788456080286536 * (x + 0.044715 * x * x * x)));
#elif OP == 23
  return vec4(equal(x, vec4(0.0)));
#elif OP == 24
  return sign(x);
#elif OP == 25
  // Shrink: alpha = lambd, beta = bias.
  return mix(mix(vec4(0.0), x - p.beta, greaterThan(x, vec4(p.alpha))), x + p.beta,
             lessThan(x, vec4(-p.alpha)));
#elif OP == 26
  return mix(vec4(0.0), x, greaterThan(x, vec4(p.alpha)));
#elif OP == 27
  // Celu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).
  return max(x, vec4(0.0)) + min(vec4(0.0), p.alpha * (exp(min(x / p.alpha, vec4(0.0))) - 1.0));
#else
  precise vec4 scaled = p.alpha * x;
  precise vec4 shifted = scaled + p.beta;
  return shifted;
#endif
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= p.total) {
    return;
  }
  vec4 x = in_data[i];
  vec4 r = mix(apply(x), x, isnan(x));
  uint c0 = ((i / p.plane) % DJLV_DIV_CEIL(p.channels, 4u)) * 4u;
  bvec4 valid = lessThan(uvec4(c0, c0 + 1u, c0 + 2u, c0 + 3u), uvec4(p.channels));
  out_data[i] = mix(vec4(0.0), r, valid);
}
