#version 450
#extension GL_GOOGLE_include_directive : require
// q8ta im2col for a 4W4C input with IC % 4 == 0 (groups == 1): the same scratch as q8_im2col.comp
// (block p4 = output pixels m_first + 4 * p4 .. + 3, ivec4 index p4 * K4 + k4, reduction index k =
// tap * IC + ic), a run of C4_RUN channel groups of one (block, tap) at a time: the 4 pixels' input
// addresses are worked out once per run, whose channel groups' words sit 4 apart in 4W4C.
// When the 4 pixels lie in one row, in the image, at stride 1, their input columns are 4
// consecutive W positions: at a multiple of 4 they are exactly one input ivec4 (4 W x 4 channels)
// and the scratch ivec4 is a copy; otherwise they are the tail of one input ivec4 and the head of
// the next. Other blocks read word by word; taps in the padding read the zero point.
// One invocation per (block, tap, run of C4_RUN channel groups).
#include "common.glslh"
#include "qconv/q8_conv.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Scratch { ivec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ivec4 in_data[]; };

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
  uint w4s = DJLV_DIV_CEIL(p.in_w, 4u);
  int dh = int((tap / p.kernel_w) * p.dilation_h) - p.pad_top;
  int dw = int((tap % p.kernel_w) * p.dilation_w) - p.pad_left;
  // Word index (channel group 0) of each pixel's input, and whether it is in the image.
  uvec4 word = uvec4(0u);
  bvec4 inside = bvec4(false);
  uvec4 row = uvec4(0u);
  for (uint j = 0u; j < 4u; j++) {
    uint m = p4 * 4u + j;
    uint pixel = p.m_first + m;
    uint ow = pixel % p.out_w;
    row[j] = pixel / p.out_w;
    uint oh = row[j] % p.out_h;
    uint n = row[j] / p.out_h;
    int ih = int(oh * p.stride_h) + dh;
    int iw = int(ow * p.stride_w) + dw;
    inside[j] = m < p.m_count && ih >= 0 && iw >= 0 && ih < int(p.in_h) && iw < int(p.in_w);
    if (inside[j]) {
      word[j] = ((n * p.in_h + uint(ih)) * w4s + uint(iw) / 4u) * c4s * 4u + uint(iw) % 4u;
    }
  }
  uint out_base = (p4 * p.taps + tap) * c4s;
  bool lined_up = all(inside) && p.stride_w == 1u && row.x == row.w;
  uint shift = word.x % 4u;
  uint a = word.x / 4u;
  if (lined_up && shift == 0u) {
    for (uint c4 = c4_first; c4 < c4_end; c4++) {
      out_data[out_base + c4] = in_data[a + c4];
    }
  } else if (lined_up) {
    // Lanes shift .. 3 of ivec4 a, then lanes 0 .. shift - 1 of the next W block (c4s ivec4s on).
    for (uint c4 = c4_first; c4 < c4_end; c4++) {
      ivec4 lo = in_data[a + c4];
      ivec4 hi = in_data[a + c4s + c4];
      ivec4 v;
      for (uint j = 0u; j < 4u; j++) {
        uint s = shift + j;
        v[j] = s < 4u ? lo[s] : hi[s - 4u];
      }
      out_data[out_base + c4] = v;
    }
  } else {
    int zword = q8_splat(p.zx);
    for (uint c4 = c4_first; c4 < c4_end; c4++) {
      ivec4 v;
      for (uint j = 0u; j < 4u; j++) {
        uint w = word[j] + c4 * 4u;
        v[j] = inside[j] ? in_data[w / 4u][w % 4u] : zword;
      }
      out_data[out_base + c4] = v;
    }
  }
}
