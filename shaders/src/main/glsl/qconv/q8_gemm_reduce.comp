#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Second pass of the split-K q8ta GEMM (q8_gemm.comp with PARTIAL 1): adds the `splits` int32
// partial sums of each (position, output channel group) and requantizes them into the output
// exactly as the one-pass GEMM does (q8_gemm_store.glslh). Partials: ivec4
// ((z * p4s + p4) * 4 + j) * oc4s + oc4 for slice z, position j of block p4.
// One invocation per (block, position of the block, channel group), channel groups fastest (the
// partials' own order, so a subgroup's reads are contiguous); it reads several slices at a time
// (q8_gemm_slices.glslh).
// RESIDUAL 1 (ResNet's residual add fused into the convolution that feeds it): each requantized
// code is then added to the residual's code at the same place, exactly as the quantized add
// (elementwise/int8_binary.comp, OP 0) would: the operands' codes minus r_za / r_zb, the sum
// q8_add_real (quant/int8_add.glslh) with the convolution as operand a, or b with r_conv_is_b,
// the add's clamp, q = clamp(roundEven(y) + r_zy); padded lanes and positions hold r_zpad. The
// residual has the output's shape and layout.
#ifndef RESIDUAL
#define RESIDUAL 0
#endif
#include "common.glslh"
#include "qconv/q8_conv.glslh"
#if RESIDUAL
#include "quant/int8_add.glslh"
#endif

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int OUT_4W4C = 1;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer Partials { ivec4 part_data[]; };
layout(set = 0, binding = 2) readonly buffer Channels { Q8Channels ch[]; };
#if RESIDUAL
layout(set = 0, binding = 3) readonly buffer Residual { int res_data[]; };
#endif

// The push constants of q8_gemm.comp, then (RESIDUAL) those of the add.
layout(push_constant) uniform Params {
  uint p4s;
  uint k4s;
  uint out_c;
  uint out_w;
  uint flat_pixels;
  uint m_first;
  uint m_count;
  uint splits;
  int zx;
  float inv_sy;
  int zy;
  float lo;
  float hi;
#if RESIDUAL
  Q8_ADD_TERMS
#endif
} p;

#include "qconv/q8_gemm_slices.glslh"
#include "qconv/q8_gemm_store.glslh"

void main() {
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint idx = DJLV_FLAT_INDEX();
  uint rows = p.p4s * 4u;
  if (idx >= rows * oc4s) {
    return;
  }
  uint row = idx / oc4s;
  q8_gemm_store(row / 4u, row % 4u, idx % oc4s, oc4s, q8_add_slices(idx, rows * oc4s, p.splits));
}
