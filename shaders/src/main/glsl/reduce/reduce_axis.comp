#version 450
#extension GL_GOOGLE_include_directive : require
// Reduction over one axis of an NC4HW4 fp32 tensor, keeping the axis with length 1.
// OP: 0 sum, 1 max, 2 min, 3 product, 4 sum of squares, 5 sum of absolute values, 6 log-sum-exp
// (the maximum first, then m + log(sum(exp(x - m)))), 7 argmax, 8 argmin (the index along the axis,
// as a float: exact below 2^24; the first extreme wins, or the last with select_last, and the first
// NaN wins over numbers). Max and min let NaN win. One invocation per output scalar; the axis is
// walked serially.
// Padded channel lanes are never read as data and are written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { float out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { float in_data[]; };

layout(push_constant) uniform Params {
  uvec4 in_dims;  // N, C, H, W of the input
  uint axis;      // 0..3 in the 4-D view
  uint select_last;  // argmax/argmin: 1 to return the last index of the extreme, else the first
} p;

uint at(uvec4 dims, uvec4 pos) {
  uint c4s = DJLV_DIV_CEIL(dims.y, 4u);
  return ((((pos.x * c4s + pos.y / 4u) * dims.z + pos.z) * dims.w + pos.w) * 4u) + pos.y % 4u;
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  uvec4 od = p.in_dims;
  od[p.axis] = 1u;
  uint c4s = DJLV_DIV_CEIL(od.y, 4u);
  uint total = od.x * c4s * od.z * od.w * 4u;
  if (i >= total) {
    return;
  }
  uint v = i / 4u;
  uvec4 pos;
  pos.w = v % od.w;
  pos.z = (v / od.w) % od.z;
  pos.y = ((v / (od.w * od.z)) % c4s) * 4u + i % 4u;
  pos.x = v / (od.w * od.z * c4s);
  if (pos.y >= od.y) {
    out_data[i] = 0.0;
    return;
  }
  uint len = p.in_dims[p.axis];
#if OP == 7 || OP == 8
  pos[p.axis] = 0u;
  float best = in_data[at(p.in_dims, pos)];
  uint best_at = 0u;
  for (uint t = 1u; t < len; t++) {
    pos[p.axis] = t;
    float x = in_data[at(p.in_dims, pos)];
    if (isnan(best)) {
      break;
    }
#if OP == 7
    bool better = x > best || (p.select_last != 0u && x == best) || isnan(x);
#else
    bool better = x < best || (p.select_last != 0u && x == best) || isnan(x);
#endif
    if (better) {
      best = x;
      best_at = t;
    }
  }
  out_data[i] = float(best_at);
#elif OP == 6
  float m = uintBitsToFloat(0xff800000u);  // -inf
  for (uint t = 0u; t < len; t++) {
    pos[p.axis] = t;
    float x = in_data[at(p.in_dims, pos)];
    m = isnan(m) || isnan(x) ? m + x : max(m, x);
  }
  float s = 0.0;
  for (uint t = 0u; t < len; t++) {
    pos[p.axis] = t;
    s += exp(in_data[at(p.in_dims, pos)] - (isinf(m) ? 0.0 : m));
  }
  out_data[i] = (isinf(m) ? 0.0 : m) + log(s);
#else
#if OP == 0 || OP == 4 || OP == 5
  float acc = 0.0;
#elif OP == 3
  float acc = 1.0;
#else
  float acc = in_data[at(p.in_dims, pos)];
#endif
  for (uint t = 0u; t < len; t++) {
    pos[p.axis] = t;
    float x = in_data[at(p.in_dims, pos)];
#if OP == 0
    acc += x;
#elif OP == 1
    acc = isnan(acc) || isnan(x) ? acc + x : max(acc, x);
#elif OP == 2
    acc = isnan(acc) || isnan(x) ? acc + x : min(acc, x);
#elif OP == 3
    acc *= x;
#elif OP == 4
    acc += x * x;
#else
    acc += abs(x);
#endif
  }
  out_data[i] = acc;
#endif
}
