#version 450
#extension GL_GOOGLE_include_directive : require
// ONNX ConvInteger: a direct 2-D convolution of 8-bit NCHW x (int8 or uint8) with 8-bit weights
// [OC][C / groups][KH][KW] into int32 NCHW:
//   y[n][oc][oh][ow] = sum (x[n][ic][ih][iw] - x_zp) * (w[oc][icg][kh][kw] - w_zp[oc])
// over the taps inside the input (padding holds x_zp, so it adds nothing), any stride, padding,
// dilation and groups. x_zp is one value; w_zp one value or one per output channel. Operands are
// read as 32-bit words of 4 elements. One invocation per output element; not a hot path.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer X { uint x_data[]; };
layout(set = 0, binding = 2) readonly buffer W { uint w_data[]; };
layout(set = 0, binding = 3) readonly buffer XZero { uint x_zp_data[]; };
layout(set = 0, binding = 4) readonly buffer WZero { uint w_zp_data[]; };

layout(push_constant) uniform Params {
  uvec4 in_dims;   // N, C, H, W
  uvec4 out_dims;  // N, OC, OH, OW
  int kernel_h;
  int kernel_w;
  int stride_h;
  int stride_w;
  int dilation_h;
  int dilation_w;
  int pad_top;
  int pad_left;
  uint groups;
  uint x_signed;
  uint w_signed;
  uint w_zp_per_channel;
} p;

int load8(uint word, uint e, uint is_signed) {
  int offset = int(8u * (e % 4u));
  return is_signed != 0u ? bitfieldExtract(int(word), offset, 8)
                         : int(bitfieldExtract(word, offset, 8));
}

#define LOAD8(buf, e, is_signed) load8(buf[(e) / 4u], e, is_signed)

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint total = p.out_dims.x * p.out_dims.y * p.out_dims.z * p.out_dims.w;
  if (i >= total) {
    return;
  }
  int ow = int(i % p.out_dims.w);
  int oh = int((i / p.out_dims.w) % p.out_dims.z);
  uint oc = (i / (p.out_dims.w * p.out_dims.z)) % p.out_dims.y;
  uint n = i / (p.out_dims.w * p.out_dims.z * p.out_dims.y);
  uint icg = p.in_dims.y / p.groups;
  uint ocg = p.out_dims.y / p.groups;
  uint ic0 = (oc / ocg) * icg;
  int in_h = int(p.in_dims.z);
  int in_w = int(p.in_dims.w);
  int x_zp = LOAD8(x_zp_data, 0u, p.x_signed);
  int w_zp = LOAD8(w_zp_data, p.w_zp_per_channel != 0u ? oc : 0u, p.w_signed);
  int acc = 0;
  for (uint c = 0u; c < icg; c++) {
    uint x_plane = (n * p.in_dims.y + ic0 + c) * p.in_dims.z;
    uint w_base = (oc * icg + c) * uint(p.kernel_h * p.kernel_w);
    for (int kh = 0; kh < p.kernel_h; kh++) {
      int ih = oh * p.stride_h - p.pad_top + kh * p.dilation_h;
      if (ih < 0 || ih >= in_h) {
        continue;
      }
      for (int kw = 0; kw < p.kernel_w; kw++) {
        int iw = ow * p.stride_w - p.pad_left + kw * p.dilation_w;
        if (iw >= 0 && iw < in_w) {
          int x = LOAD8(x_data, (x_plane + uint(ih)) * p.in_dims.w + uint(iw), p.x_signed);
          int w = LOAD8(w_data, w_base + uint(kh * p.kernel_w + kw), p.w_signed);
          acc += (x - x_zp) * (w - w_zp);
        }
      }
    }
  }
  out_data[i] = acc;
}
