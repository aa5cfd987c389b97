#version 450
#extension GL_GOOGLE_include_directive : require
// Images at their own size -> the model's normalized fp32 NC4HW4 input [N, 3, H, W], in one pass:
// each output pixel samples its image bilinearly inside the image's crop window (resize + crop),
// then plane p = (value of channel src[p] * scale - mean[p]) / std[p]; the fourth lane is zero.
// The table (12 words per image, SourceImages on the host) gives the image's first byte, size,
// strides, channel offsets and window. The arithmetic is ordered as the host's separable resize
// (ImageNetPreprocessor) and kept from contraction (precise), so the sampled values match it.
// One invocation per output pixel.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer Bytes { uint in_words[]; };
layout(set = 0, binding = 2) readonly buffer Table { uint table[]; };

layout(push_constant) uniform Params {
  uvec4 dims;  // N, 3, H, W
  vec4 mean;   // xyz: per plane; w: scale
  vec4 stdev;  // xyz: per plane
  uvec4 src;   // xyz: the channel (0 R, 1 G, 2 B) that plane p reads
} p;

float byte_at(uint b) {
  return float((in_words[b >> 2u] >> ((b & 3u) * 8u)) & 0xffu);
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  uint plane = p.dims.z * p.dims.w;
  if (i >= p.dims.x * plane) {
    return;
  }
  uint n = i / plane;
  uint rem = i - n * plane;
  uint oy = rem / p.dims.w;
  uint ox = rem - oy * p.dims.w;
  uint t = n * 12u;
  uint first = table[t];
  int width = int(table[t + 1u]);
  int height = int(table[t + 2u]);
  uint row_stride = table[t + 3u];
  uint pixel_stride = table[t + 4u];
  uvec3 channel = uvec3(table[t + 5u], table[t + 6u], table[t + 7u]);
  int left = int(table[t + 8u]);
  int top = int(table[t + 9u]);
  float scale_x = uintBitsToFloat(table[t + 10u]);
  float scale_y = uintBitsToFloat(table[t + 11u]);

  precise float sx = clamp((float(left + int(ox)) + 0.5) * scale_x - 0.5, 0.0, float(width - 1));
  precise float sy = clamp((float(top + int(oy)) + 0.5) * scale_y - 0.5, 0.0, float(height - 1));
  int x0 = int(sx);
  int y0 = int(sy);
  int x1 = min(x0 + 1, width - 1);
  int y1 = min(y0 + 1, height - 1);
  precise float fx = sx - float(x0);
  precise float fy = sy - float(y0);
  uint r0 = first + uint(y0) * row_stride;
  uint r1 = first + uint(y1) * row_stride;
  uint c0 = uint(x0) * pixel_stride;
  uint c1 = uint(x1) * pixel_stride;

  vec4 v = vec4(0.0);
  for (uint j = 0u; j < 3u; j++) {
    uint ch = channel[p.src[j]];
    float a0 = byte_at(r0 + c0 + ch);
    float b0 = byte_at(r0 + c1 + ch);
    float a1 = byte_at(r1 + c0 + ch);
    float b1 = byte_at(r1 + c1 + ch);
    precise float above = a0 + (b0 - a0) * fx;
    precise float below = a1 + (b1 - a1) * fx;
    precise float value = above + (below - above) * fy;
    v[j] = (value * p.mean.w - p.mean[j]) / p.stdev[j];
  }
  out_data[i] = v;
}
