#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Global average pooling of a packed int8 tensor (ONNX QLinearGlobalAveragePool; 4C1W, or 4W4C
// with LAYOUT_4W4C=1; the [N, C, 1, 1] output has the input's layout, or 4C1W with OUT_4C1W=1, the
// layout a linear layer reads, so that no relayout runs before the classifier), one invocation per
// output word: acc = sum over H x W of (q - z_in) in int32, y = float(acc) * ratio with ratio =
// s_in / (H * W * s_out) computed on the host, q = clamp(roundEven(y) + z_out, -128, 127). The
// output's padded channel lanes and W positions hold z_out.
#ifndef OUT_4C1W
#define OUT_4C1W 0
#endif
#include "common.glslh"

#define POSITIONS_IN_FLIGHT 8
#include "quant/int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };

layout(push_constant) uniform Params {
  uvec4 in_dims;   // N, C, H, W
  uvec4 out_dims;  // N, C, 1, 1
  int z_in;
  int z_out;
  float ratio;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
#if OUT_4C1W
  // [N, C / 4] words: (n, c4, 0, 0).
  uint c4s = DJLV_DIV_CEIL(p.out_dims.y, 4u);
  if (i >= p.out_dims.x * c4s) {
    return;
  }
  uvec4 pos = uvec4(i / c4s, i % c4s, 0u, 0u);
#else
  if (i >= q8_word_count(p.out_dims)) {
    return;
  }
  uvec4 pos = q8_word_position(p.out_dims, i);
#endif
  ivec4 q = ivec4(p.z_out);
  if (pos.w == 0u) {
    // The positions read POSITIONS_IN_FLIGHT at a time (one read per position and loop turn was a
    // chain of H x W memory latencies); a read past the last position is clamped and not added.
    uint positions = p.in_dims.z * p.in_dims.w;
    ivec4 acc = ivec4(0);
    for (uint t0 = 0u; t0 < positions; t0 += uint(POSITIONS_IN_FLIGHT)) {
      [[unroll]] for (int k = 0; k < POSITIONS_IN_FLIGHT; k++) {
        uint t = min(t0 + uint(k), positions - 1u);
        ivec4 x = q8_unpack(in_data[q8_word_index(p.in_dims, pos.x, pos.y, t / p.in_dims.w,
                                                  t % p.in_dims.w)]);
        acc += t0 + uint(k) < positions ? x : ivec4(0);
      }
    }
    acc -= int(p.in_dims.z * p.in_dims.w) * p.z_in;
    precise vec4 y = vec4(acc) * p.ratio;
    q = mix(q, q8_quantize(y, p.z_out), q8_valid_lanes(pos.y, p.out_dims.y));
  }
  out_data[i] = q8_pack(q);
}
