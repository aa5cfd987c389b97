#version 450
#extension GL_GOOGLE_include_directive : require
// Transposed 2-D convolution (ONNX ConvTranspose) on NC4HW4 fp32, one invocation per output vec4
// (4 output channels at one position): every input position and kernel tap that lands on the
// output position adds x * w. Weights are the ONNX layout [IC, OC / groups, KH, KW], as floats;
// the bias has one value per output channel (zeros when the model has none).
// Padded channel lanes are written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };
layout(set = 0, binding = 2) readonly buffer W { float w_data[]; };
layout(set = 0, binding = 3) readonly buffer B { float b_data[]; };

layout(push_constant) uniform Params {
  uvec4 out_dims;  // N, OC, OH, OW
  uvec4 in_dims;   // N, IC, H, W
  ivec2 kernel;    // KH, KW
  ivec2 stride;
  ivec2 pad;       // top, left
  ivec2 dilation;
  uint groups;
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint oc4s = DJLV_DIV_CEIL(p.out_dims.y, 4u);
  uint plane = p.out_dims.z * p.out_dims.w;
  if (i >= p.out_dims.x * oc4s * plane) {
    return;
  }
  int ow = int(i % p.out_dims.w);
  int oh = int((i / p.out_dims.w) % p.out_dims.z);
  uint oc4 = (i / plane) % oc4s;
  uint n = i / (plane * oc4s);
  uint ic4s = DJLV_DIV_CEIL(p.in_dims.y, 4u);
  uint icpg = p.in_dims.y / p.groups;
  uint ocpg = p.out_dims.y / p.groups;
  vec4 acc = vec4(0.0);
  for (uint j = 0u; j < 4u; j++) {
    uint oc = oc4 * 4u + j;
    if (oc >= p.out_dims.y) {
      break;
    }
    uint grp = oc / ocpg;
    uint ocg = oc % ocpg;
    float sum = b_data[oc];
    for (int kh = 0; kh < p.kernel.x; kh++) {
      int th = oh + p.pad.x - kh * p.dilation.x;
      if (th < 0 || th % p.stride.x != 0) {
        continue;
      }
      int ih = th / p.stride.x;
      if (ih >= int(p.in_dims.z)) {
        continue;
      }
      for (int kw = 0; kw < p.kernel.y; kw++) {
        int tw = ow + p.pad.y - kw * p.dilation.y;
        if (tw < 0 || tw % p.stride.y != 0) {
          continue;
        }
        int iw = tw / p.stride.y;
        if (iw >= int(p.in_dims.w)) {
          continue;
        }
        for (uint icg = 0u; icg < icpg; icg++) {
          uint ic = grp * icpg + icg;
          float x = in_data[((n * ic4s + ic / 4u) * p.in_dims.z + uint(ih)) * p.in_dims.w
                            + uint(iw)][ic % 4u];
          uint widx = ((ic * ocpg + ocg) * uint(p.kernel.x) + uint(kh)) * uint(p.kernel.y) + uint(kw);
          sum += x * w_data[widx];
        }
      }
    }
    acc[j] = sum;
  }
  out_data[i] = acc;
}
