#version 450
#extension GL_GOOGLE_include_directive : require
#if USE_DOT
#extension GL_EXT_integer_dot_product : require
#endif
// Tiled q8ta GEMM: the pointwise convolution (1x1, stride 1, no padding, groups 1) on a 4W4C
// input, and the GEMM half of the im2col convolution on its 4W4C scratch. Either input is a
// sequence of position blocks, each K4 ivec4s long (ivec4 k4 of block p4 = 4 positions x input
// channels 4 * k4 .. 4 * k4 + 3): a 4W4C tensor [N][H][W/4][C/4] has N * H * ceil(W / 4) blocks,
// the im2col scratch one block per 4 output pixels. Weights: 4OC x 4IC blocks (q8_conv.glslh),
// block (oc4, k4) at ivec4 index oc4 * K4 + k4.
// One invocation: TILE_P4 position blocks (4 * TILE_P4 positions) x TILE_OC4 output channel
// groups, int32 accumulators in registers, then the requantizing epilogue.
// Positions of the output: flat_pixels == 0 (pointwise): block p4 is row r = p4 / ceil(OW / 4)
// (r = n * OH + oh), columns 4 * (p4 % ceil(OW / 4)) + j. flat_pixels == 1 (im2col): position
// 4 * p4 + j is output pixel m_first + 4 * p4 + j of the N * OH * OW pixels, counted row-major.
// Output: 4C1W, or 4W4C with OUT_4W4C (padded W positions and channels hold zy).
// Grid: x = position tiles, y = output channel tiles.
#include "common.glslh"
#include "qconv/q8_conv.glslh"

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;
layout(constant_id = 3) const int OUT_4W4C = 1;

layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { ivec4 in_data[]; };
layout(set = 0, binding = 2) readonly buffer Weights { ivec4 w_data[]; };
layout(set = 0, binding = 3) readonly buffer Channels { Q8Channels ch[]; };

layout(push_constant) uniform Params {
  uint p4s;      // position blocks in this dispatch
  uint k4s;      // reduction groups of 4 (K4)
  uint out_c;    // output channels (OC)
  uint out_w;    // output width (OW)
  uint flat_pixels;  // 0: pointwise (rows of blocks), 1: im2col (flat pixels)
  uint m_first;      // flat pixels: output pixel of position 0
  uint m_count;      // flat pixels: output pixels in this dispatch
  int zx;
  float inv_sy;
  int zy;
  float lo;
  float hi;
} p;

#define TILE_M (TILE_P4 * 4)

void main() {
  uint p4_0 = gl_GlobalInvocationID.x * uint(TILE_P4);
  uint oc4_0 = gl_GlobalInvocationID.y * uint(TILE_OC4);
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  if (p4_0 >= p.p4s || oc4_0 >= oc4s) {
    return;
  }
  // Tiles past the last block or channel group re-read the last one; their results are not stored.
  uint in_base[TILE_P4];
  for (int t = 0; t < TILE_P4; t++) {
    in_base[t] = min(p4_0 + uint(t), p.p4s - 1u) * p.k4s;
  }
  uint w_base[TILE_OC4];
  for (int o = 0; o < TILE_OC4; o++) {
    w_base[o] = min(oc4_0 + uint(o), oc4s - 1u) * p.k4s;
  }
  ivec4 acc[TILE_M * TILE_OC4];
  for (int i = 0; i < TILE_M * TILE_OC4; i++) {
    acc[i] = ivec4(0);
  }
  for (uint k = 0u; k < p.k4s; k++) {
    ivec4 x[TILE_P4];
    for (int t = 0; t < TILE_P4; t++) {
      x[t] = in_data[in_base[t] + k];
    }
    for (int o = 0; o < TILE_OC4; o++) {
      Q8Block b = q8_block(w_data[w_base[o] + k]);
      for (int t = 0; t < TILE_P4; t++) {
        for (int j = 0; j < 4; j++) {
          int a = (t * 4 + j) * TILE_OC4 + o;
          acc[a] = q8_mac(acc[a], x[t][j], b);
        }
      }
    }
  }
  bool out4w4c = OUT_4W4C != 0;
  uint w4s = DJLV_DIV_CEIL(p.out_w, 4u);
  int pad = q8_splat(p.zy);
  for (int o = 0; o < TILE_OC4; o++) {
    uint oc4 = oc4_0 + uint(o);
    if (oc4 >= oc4s) {
      break;
    }
    Q8Channels c = ch[oc4];
    bvec4 lanes = q8_valid_lanes(oc4, p.out_c);
    for (int t = 0; t < TILE_P4; t++) {
      uint p4 = p4_0 + uint(t);
      if (p4 >= p.p4s) {
        break;
      }
      for (int j = 0; j < 4; j++) {
        uint r;
        uint w;
        bool real;
        if (p.flat_pixels != 0u) {
          uint m = p4 * 4u + uint(j);
          uint pixel = p.m_first + m;
          real = m < p.m_count;
          r = pixel / p.out_w;
          w = pixel % p.out_w;
        } else {
          r = p4 / w4s;
          w = (p4 % w4s) * 4u + uint(j);
          real = w < p.out_w;
        }
        if (real) {
          int a = (t * 4 + j) * TILE_OC4 + o;
          out_data[q8_index(out4w4c, r, oc4, w, oc4s, p.out_w)] =
              q8_requantize(acc[a], p.zx, c, p.lo, p.hi, p.inv_sy, p.zy, lanes);
          // With flat pixels no pixel owns the row's padded W positions: its last one fills them.
          if (out4w4c && p.flat_pixels != 0u && w == p.out_w - 1u) {
            for (uint pw = w + 1u; pw < w4s * 4u; pw++) {
              out_data[q8_index(true, r, oc4, pw, oc4s, p.out_w)] = pad;
            }
          }
        } else if (out4w4c && p.flat_pixels == 0u) {
          out_data[q8_index(true, r, oc4, w, oc4s, p.out_w)] = pad;
        }
      }
    }
  }
}
