#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Resizes H and W of an NC4HW4 fp32 tensor (ONNX Resize / Upsample), one invocation per output
// vec4. Each output coordinate maps to an input coordinate by the coordinate transformation
// (COORD: 0 half_pixel, 1 pytorch_half_pixel, 2 align_corners, 3 asymmetric,
// 4 tf_half_pixel_for_nn); inv_scale is 1 / scale, computed on the host.
// LINEAR 0 (nearest): the input index by NEAREST (0 round_prefer_floor, 1 round_prefer_ceil,
// 2 floor, 3 ceil), clamped to the input. LINEAR 1: bilinear between the two neighbours, the
// coordinate clamped to the input as ONNX Runtime does. CUBIC 1: bicubic over the 4 x 4
// neighbours with ONNX's coefficients (cubic_a, default -0.75), the coordinate not clamped and the
// neighbours past the edge repeating it; with exclude_outside those get weight 0 and the others
// are scaled to sum to 1.
#include "common.glslh"

#ifndef CUBIC
#define CUBIC 0
#endif

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };

layout(push_constant) uniform Params {
  uvec4 out_dims;  // N, C, H, W
  uvec4 in_dims;
  vec2 inv_scale;  // H, W
  float cubic_a;
  uint exclude_outside;
} p;

float source(float o, float inv_scale, uint in_len, uint out_len) {
#if COORD == 0
  return (o + 0.5) * inv_scale - 0.5;
#elif COORD == 1
  return out_len > 1u ? (o + 0.5) * inv_scale - 0.5 : 0.0;
#elif COORD == 2
  // ONNX takes the resized length as in_len * scale, unrounded, as its reference does.
  float resized = float(in_len) / inv_scale;
  return resized > 1.0 ? o * float(in_len - 1u) / (resized - 1.0) : 0.0;
#elif COORD == 3
  return o * inv_scale;
#else
  return (o + 0.5) * inv_scale;
#endif
}

int nearest(float x, uint len) {
#if NEAREST == 0
  int i = x == floor(x) + 0.5 ? int(floor(x)) : int(floor(x + 0.5));
#elif NEAREST == 1
  int i = int(floor(x + 0.5));
#elif NEAREST == 2
  int i = int(floor(x));
#else
  int i = int(ceil(x));
#endif
  return clamp(i, 0, int(len) - 1);
}

#if CUBIC
// ONNX's cubic convolution weight at distance d.
float cubic_weight(float d) {
  float a = p.cubic_a;
  d = abs(d);
  if (d <= 1.0) {
    return ((a + 2.0) * d - (a + 3.0)) * d * d + 1.0;
  }
  return d < 2.0 ? ((a * d - 5.0 * a) * d + 8.0 * a) * d - 4.0 * a : 0.0;
}

// The four neighbours of coordinate x (floor(x) - 1 to floor(x) + 2, clamped) and their weights.
void cubic_taps(float x, uint len, out int idx[4], out float weight[4]) {
  float x0 = floor(x);
  float t = x - x0;
  float sum = 0.0;
  [[unroll]] for (int k = 0; k < 4; k++) {
    int i = int(x0) - 1 + k;
    float w = cubic_weight(t - float(k - 1));
    if (p.exclude_outside != 0u && (i < 0 || i >= int(len))) {
      w = 0.0;
    }
    idx[k] = clamp(i, 0, int(len) - 1);
    weight[k] = w;
    sum += w;
  }
  if (p.exclude_outside != 0u) {
    [[unroll]] for (int k = 0; k < 4; k++) {
      weight[k] /= sum;
    }
  }
}
#endif

vec4 at(uint n, uint c4, int h, int w) {
  uint in_c4s = DJLV_DIV_CEIL(p.in_dims.y, 4u);
  return in_data[((n * in_c4s + c4) * p.in_dims.z + uint(h)) * p.in_dims.w + uint(w)];
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint c4s = DJLV_DIV_CEIL(p.out_dims.y, 4u);
  uint plane = p.out_dims.z * p.out_dims.w;
  if (i >= p.out_dims.x * c4s * plane) {
    return;
  }
  uint w = i % p.out_dims.w;
  uint h = (i / p.out_dims.w) % p.out_dims.z;
  uint c4 = (i / plane) % c4s;
  uint n = i / (plane * c4s);
  float y = source(float(h), p.inv_scale.x, p.in_dims.z, p.out_dims.z);
  float x = source(float(w), p.inv_scale.y, p.in_dims.w, p.out_dims.w);
#if CUBIC
  int iy[4];
  int ix[4];
  float wy[4];
  float wx[4];
  cubic_taps(y, p.in_dims.z, iy, wy);
  cubic_taps(x, p.in_dims.w, ix, wx);
  vec4 v = vec4(0.0);
  [[unroll]] for (int ky = 0; ky < 4; ky++) {
    vec4 row = vec4(0.0);
    [[unroll]] for (int kx = 0; kx < 4; kx++) {
      row += wx[kx] * at(n, c4, iy[ky], ix[kx]);
    }
    v += wy[ky] * row;
  }
#elif LINEAR
  y = clamp(y, 0.0, float(p.in_dims.z - 1u));
  x = clamp(x, 0.0, float(p.in_dims.w - 1u));
  int y0 = int(floor(y));
  int x0 = int(floor(x));
  int y1 = min(y0 + 1, int(p.in_dims.z) - 1);
  int x1 = min(x0 + 1, int(p.in_dims.w) - 1);
  float fy = y - float(y0);
  float fx = x - float(x0);
  vec4 top = mix(at(n, c4, y0, x0), at(n, c4, y0, x1), fx);
  vec4 bottom = mix(at(n, c4, y1, x0), at(n, c4, y1, x1), fx);
  vec4 v = mix(top, bottom, fy);
#else
  vec4 v = at(n, c4, nearest(y, p.in_dims.z), nearest(x, p.in_dims.w));
#endif
  out_data[i] = v;
}
