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
// LANES > 1: LANES consecutive invocations share an output word; lane l sums positions l,
// l + LANES, ... (POSITIONS_IN_FLIGHT at a time), and the word's first lane adds the lanes' sums
// from shared memory (integers: the same sum in any order). The workgroup size is a multiple of
// LANES, so a word's lanes share a workgroup; no invocation leaves before the barrier. The 4W4C ->
// 4C1W form before a classifier (ResNet50's 7 x 7 x 2048 at batch 1: 512 words) reads its 49
// positions in one round that way: 5.1 instead of 8.4 us on an H100, the batch-1 span 3 us
// shorter (session 30).
#ifndef LANES
#define LANES 1
#endif
#include "common.glslh"

#define POSITIONS_IN_FLIGHT 8
#include "quant/int8_layout.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };

#if LANES > 1
shared ivec4 s_part[gl_WorkGroupSize.x];
#endif

layout(push_constant) uniform Params {
  uvec4 in_dims;   // N, C, H, W
  uvec4 out_dims;  // N, C, 1, 1
  int z_in;
  int z_out;
  float ratio;
} p;

void main() {
#if LANES > 1
  uint i = DJLV_FLAT_INDEX() / uint(LANES);
  uint lane = DJLV_FLAT_INDEX() % uint(LANES);
#else
  uint i = DJLV_FLAT_INDEX();
  uint lane = 0u;
#endif
#if OUT_4C1W
  // [N, C / 4] words: (n, c4, 0, 0).
  uint c4s = DJLV_DIV_CEIL(p.out_dims.y, 4u);
  bool live = i < p.out_dims.x * c4s;
  uvec4 pos = uvec4(i / c4s, i % c4s, 0u, 0u);
#else
  bool live = i < q8_word_count(p.out_dims);
  uvec4 pos = live ? q8_word_position(p.out_dims, i) : uvec4(0u);
#endif
  ivec4 acc = ivec4(0);
  uint positions = p.in_dims.z * p.in_dims.w;
  if (live && pos.w == 0u) {
    // The positions read POSITIONS_IN_FLIGHT at a time (one read per position and loop turn was a
    // chain of H x W memory latencies); a read past the last position is clamped and not added.
    uint step = uint(LANES * POSITIONS_IN_FLIGHT);
    for (uint t0 = lane; t0 < positions; t0 += step) {
      [[unroll]] for (int k = 0; k < POSITIONS_IN_FLIGHT; k++) {
        uint tk = t0 + uint(k * LANES);
        uint t = min(tk, positions - 1u);
        ivec4 x = q8_unpack(in_data[q8_word_index(p.in_dims, pos.x, pos.y, t / p.in_dims.w,
                                                  t % p.in_dims.w)]);
        acc += tk < positions ? x : ivec4(0);
      }
    }
  }
#if LANES > 1
  s_part[gl_LocalInvocationIndex] = acc;
  barrier();
  if (!live || lane != 0u) {
    return;
  }
  [[unroll]] for (int l = 1; l < LANES; l++) {
    acc += s_part[gl_LocalInvocationIndex + uint(l)];
  }
#else
  if (!live) {
    return;
  }
#endif
  ivec4 q = ivec4(p.z_out);
  if (pos.w == 0u) {
    acc -= int(positions) * p.z_in;
    precise vec4 y = vec4(acc) * p.ratio;
    q = mix(q, djlv_round_to_int8(y, p.z_out), q8_valid_lanes(pos.y, p.out_dims.y));
  }
  out_data[i] = q8_pack(q);
}
