#version 450
#extension GL_GOOGLE_include_directive : require
// im2col for the fp32 im2col + GEMM convolution (groups == 1). Writes, for a chunk of output rows
// [row0, row0 + rows), a scratch tensor laid out like an NC4HW4 input with K' = IC * KH * KW
// channels (zero padded to a multiple of 4) over rows x OW positions: [N][K'/4][rows][OW][4].
// Channel k of the scratch is input channel k % IC at kernel tap k / IC = kh * KW + kw, so when
// IC % 4 == 0 each scratch vec4 is one input vec4; otherwise lanes are gathered one by one.
// Out-of-image taps (padding) read zero. One invocation per scratch vec4.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Scratch { ACT_T out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };

layout(push_constant) uniform Params {
  uint batches;
  uint in_c;
  uint in_h;
  uint in_w;
  uint out_w;
  uint row0;
  uint rows;
  uint kprime;   // IC * KH * KW
  uint kernel_w;
  uint stride_h;
  uint stride_w;
  uint dilation_h;
  uint dilation_w;
  int pad_top;
  int pad_left;
} p;

float load_scalar(uint n, uint ic4s, uint c, int ih, int iw) {
  if (ih < 0 || iw < 0 || ih >= int(p.in_h) || iw >= int(p.in_w)) {
    return 0.0;
  }
  uint idx = ((n * ic4s + c / 4u) * p.in_h + uint(ih)) * p.in_w + uint(iw);
  return ACT_LOAD(in_data[idx])[c % 4u];
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint k4s = DJLV_DIV_CEIL(p.kprime, 4u);
  uint plane = p.rows * p.out_w;
  if (i >= p.batches * k4s * plane) {
    return;
  }
  uint ow = i % p.out_w;
  uint oh = p.row0 + (i / p.out_w) % p.rows;
  uint k4 = (i / plane) % k4s;
  uint n = i / (plane * k4s);
  uint ic4s = DJLV_DIV_CEIL(p.in_c, 4u);
  int ih0 = int(oh * p.stride_h) - p.pad_top;
  int iw0 = int(ow * p.stride_w) - p.pad_left;
  vec4 v = vec4(0.0);
  if (p.in_c % 4u == 0u) {
    uint k = k4 * 4u;
    uint tap = k / p.in_c;
    uint c = k % p.in_c;
    int ih = ih0 + int((tap / p.kernel_w) * p.dilation_h);
    int iw = iw0 + int((tap % p.kernel_w) * p.dilation_w);
    if (ih >= 0 && iw >= 0 && ih < int(p.in_h) && iw < int(p.in_w)) {
      v = ACT_LOAD(in_data[((n * ic4s + c / 4u) * p.in_h + uint(ih)) * p.in_w + uint(iw)]);
    }
  } else {
    for (uint j = 0u; j < 4u; j++) {
      uint k = k4 * 4u + j;
      if (k < p.kprime) {
        uint tap = k / p.in_c;
        uint c = k % p.in_c;
        int ih = ih0 + int((tap / p.kernel_w) * p.dilation_h);
        int iw = iw0 + int((tap % p.kernel_w) * p.dilation_w);
        v[j] = load_scalar(n, ic4s, c, ih, iw);
      }
    }
  }
  out_data[i] = ACT_STORE(v);
}
