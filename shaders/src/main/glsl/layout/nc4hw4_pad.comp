#version 450
#extension GL_GOOGLE_include_directive : require
// Pads an NC4HW4 fp32 tensor, one invocation per output vec4: output element o of each axis reads
// input element o - before. Outside the input, MODE 0 writes the constant, MODE 1 reflects about the
// edge element (ONNX reflect: the edge is not repeated), MODE 2 repeats the edge element.
// Padded channel lanes are written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };

layout(push_constant) uniform Params {
  uvec4 out_dims;  // N, C, H, W
  uvec4 in_dims;
  ivec4 before;    // pads at the start of each axis
  float value;     // MODE 0
} p;

// The input index of output index o on an axis of input length len, or -1 for the constant.
int source(int o, int before, int len) {
  int i = o - before;
#if MODE == 1
  if (len > 1) {
    int period = 2 * (len - 1);
    i = abs(i) % period;
    i = i >= len ? period - i : i;
  } else {
    i = 0;
  }
#elif MODE == 2
  i = clamp(i, 0, len - 1);
#endif
  return i < 0 || i >= len ? -1 : i;
}

void main() {
  uint idx = DJLV_FLAT_INDEX();
  uint out_c4s = DJLV_DIV_CEIL(p.out_dims.y, 4u);
  uint plane = p.out_dims.z * p.out_dims.w;
  if (idx >= p.out_dims.x * out_c4s * plane) {
    return;
  }
  int w = int(idx % p.out_dims.w);
  int h = int((idx / p.out_dims.w) % p.out_dims.z);
  uint c4 = (idx / plane) % out_c4s;
  int n = int(idx / (plane * out_c4s));
  uint in_c4s = DJLV_DIV_CEIL(p.in_dims.y, 4u);
  int sn = source(n, p.before.x, int(p.in_dims.x));
  int sh = source(h, p.before.z, int(p.in_dims.z));
  int sw = source(w, p.before.w, int(p.in_dims.w));
  vec4 v = vec4(0.0);
  for (uint j = 0u; j < 4u; j++) {
    uint c = c4 * 4u + j;
    if (c >= p.out_dims.y) {
      break;
    }
    int sc = source(int(c), p.before.y, int(p.in_dims.y));
    if (sn < 0 || sc < 0 || sh < 0 || sw < 0) {
      v[j] = p.value;
    } else {
      uint at = ((uint(sn) * in_c4s + uint(sc) / 4u) * p.in_dims.z + uint(sh)) * p.in_dims.w;
      v[j] = in_data[at + uint(sw)][uint(sc) % 4u];
    }
  }
  out_data[idx] = v;
}
