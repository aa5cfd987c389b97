#version 450
#extension GL_GOOGLE_include_directive : require
// Generic q8ta im2col (groups == 1): for output pixels [m_first, m_first + m_count) of the N * OH *
// OW pixels (row-major), writes the 4W4C scratch the q8ta GEMM reads: block p4 = pixels m_first +
// 4 * p4 .. + 3, ivec4 k4 of the block = those 4 pixels x reduction indices 4 * k4 .. 4 * k4 + 3,
// at ivec4 index p4 * K4 + k4. Reduction index k is input channel k % IC at kernel tap k / IC =
// kh * KW + kw. Taps in the padding read the input zero point; indices past IC * KH * KW read 0
// (their weights are 0), pixels past m_count the zero point.
// The input is 4C1W, or 4W4C with IN_4W4C. With IC % 4 == 0 each scratch word is one input word;
// otherwise the bytes are gathered one by one.
// One invocation per scratch ivec4.
#include "common.glslh"
#include "qconv/q8_conv.glslh"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const int IN_4W4C = 0;

layout(set = 0, binding = 0) writeonly buffer Scratch { ivec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };

layout(push_constant) uniform Params {
  uint in_c;
  uint in_h;
  uint in_w;
  uint out_h;
  uint out_w;
  uint m_first;
  uint m_count;
  uint kprime;  // IC * KH * KW
  uint kernel_w;
  uint stride_h;
  uint stride_w;
  uint dilation_h;
  uint dilation_w;
  int pad_top;
  int pad_left;
  int zx;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint k4s = DJLV_DIV_CEIL(p.kprime, 4u);
  uint p4 = i / k4s;
  uint k4 = i % k4s;
  if (p4 >= DJLV_DIV_CEIL(p.m_count, 4u)) {
    return;
  }
  bool in4w4c = IN_4W4C != 0;
  uint ic4s = DJLV_DIV_CEIL(p.in_c, 4u);
  int zword = q8_splat(p.zx);
  ivec4 v = ivec4(zword);
  for (uint j = 0u; j < 4u; j++) {
    uint m = p4 * 4u + j;
    if (m >= p.m_count) {
      continue;
    }
    uint pixel = p.m_first + m;
    uint ow = pixel % p.out_w;
    uint oh = (pixel / p.out_w) % p.out_h;
    uint n = pixel / (p.out_w * p.out_h);
    int ih0 = int(oh * p.stride_h) - p.pad_top;
    int iw0 = int(ow * p.stride_w) - p.pad_left;
    int word = 0;
    for (uint b = 0u; b < 4u; b++) {
      uint k = k4 * 4u + b;
      int q = 0;
      if (k < p.kprime) {
        uint tap = k / p.in_c;
        uint c = k % p.in_c;
        int ih = ih0 + int((tap / p.kernel_w) * p.dilation_h);
        int iw = iw0 + int((tap % p.kernel_w) * p.dilation_w);
        q = p.zx;
        if (ih >= 0 && iw >= 0 && ih < int(p.in_h) && iw < int(p.in_w)) {
          int src = in_data[q8_index(in4w4c, n * p.in_h + uint(ih), c / 4u, uint(iw), ic4s,
                                     p.in_w)];
          if (p.in_c % 4u == 0u) {
            // The 4 indices are one input word: copy it whole.
            word = src;
            break;
          }
          q = bitfieldExtract(src, int(8u * (c % 4u)), 8);
        } else if (p.in_c % 4u == 0u) {
          word = zword;
          break;
        }
      }
      word |= (q & 0xFF) << (8u * b);
    }
    v[j] = word;
  }
  out_data[i] = v;
}
