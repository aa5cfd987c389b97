#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// q8ta im2col for a 4W4C input with IC % 4 == 0 (groups == 1): the same scratch as q8_im2col.comp
// (block p4 = output pixels m_first + 4 * p4 .. + 3, ivec4 index p4 * K4 + k4, reduction index k =
// tap * IC + ic), a run of C4_RUN channel groups of one (block, tap) at a time: the 4 pixels' input
// addresses are worked out once per run (q8_window.glslh, which the GEMMs' implicit input shares).
// One invocation per (block, tap, run of C4_RUN channel groups).
// REAL_INPUT 1 (spec constant 1): binding 1 holds the float NCHW values of a quantization fused
// into this pass, REAL_C channels quantized with 1 / scale REAL_INV_SCALE and the zero point zx
// (q8_window_gather_real): the words are those of the 4W4C input that quantization would write.
#include "common.glslh"
#include "qconv/q8_conv.glslh"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint REAL_INPUT = 0u;
layout(constant_id = 2) const uint REAL_C = 1u;
layout(constant_id = 3) const float REAL_INV_SCALE = 1.0;

layout(set = 0, binding = 0) writeonly buffer Scratch { ivec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ivec4 in_data[]; };
layout(set = 0, binding = 1) readonly buffer InReal { float in_real[]; };

#define Q8_WINDOW_REAL
#include "qconv/q8_window.glslh"

layout(push_constant) uniform Params {
  uint in_c4s;  // IC / 4
  uint in_h;
  uint in_w;
  uint out_h;
  uint out_w;
  uint m_first;
  uint m_count;
  uint taps;    // KH * KW
  uint kernel_w;
  uint stride_h;
  uint stride_w;
  uint dilation_h;
  uint dilation_w;
  int pad_top;
  int pad_left;
  int zx;
} p;

#define C4_RUN 4u

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint c4s = p.in_c4s;
  uint runs = DJLV_DIV_CEIL(c4s, C4_RUN);
  uint c4_first = (i % runs) * C4_RUN;
  uint c4_end = min(c4_first + C4_RUN, c4s);
  uint tap = (i / runs) % p.taps;
  uint p4 = i / (runs * p.taps);
  if (p4 >= DJLV_DIV_CEIL(p.m_count, 4u)) {
    return;
  }
  Q8Window g = Q8Window(c4s, p.in_h, p.in_w, p.out_h, p.out_w, p.kernel_w, p.stride_h, p.stride_w,
                        p.dilation_h, p.dilation_w, p.pad_top, p.pad_left);
  uint out_base = (p4 * p.taps + tap) * c4s;
  if (REAL_INPUT != 0u) {
    // A loop of its own: the real-value gather has a loop inside, which would keep the unrolled
    // loop below rolled (and its words array indexed at run time, LocalArrayIndexingTest).
    for (uint c4 = c4_first; c4 < c4_end; c4++) {
      out_data[out_base + c4] = q8_window_gather_real(g, REAL_C, REAL_INV_SCALE, p.zx, p.m_first,
                                                      p.m_count, p4, tap, c4);
    }
    return;
  }
  Q8Taps t = q8_window_taps(g, p.m_first, p.m_count, p4, tap);
  int zword = q8_splat(p.zx);
  // Unrolled, every group's reads issued before the stores (a group past the input's last is read
  // clamped and not stored), so the run's reads wait out one memory latency together.
  ivec4 words[C4_RUN];
  [[unroll]] for (uint k = 0u; k < C4_RUN; k++) {
    words[k] = q8_window_gather(g, t, min(c4_first + k, c4s - 1u), zword);
  }
  [[unroll]] for (uint k = 0u; k < C4_RUN; k++) {
    if (c4_first + k < c4_end) {
      out_data[out_base + c4_first + k] = words[k];
    }
  }
}
