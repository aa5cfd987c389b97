#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#if USE_DOT
#extension GL_EXT_integer_dot_product : require
#endif
// Register-tiled q8ta GEMM for devices with narrow subgroups (lavapipe's 8 CPU SIMD lanes), where
// the workgroup barriers of q8_gemm.comp's shared-memory stages are expensive. Same operands,
// push constants, grid, tile (WG_X * TILE_P4 position blocks x WG_Y * TILE_OC4 channel groups per
// workgroup), split-K partials and epilogue as q8_gemm.comp (read its header), but no shared
// memory and no barriers: invocation (lx, ly) reads the ivec4s of its own blocks
// lx + WG_X * t and channel groups ly + WG_Y * o straight from the buffers, one k4 at a time, and
// accumulates TILE_P4 * 4 positions x TILE_OC4 * 4 output channels in int32 registers. Past the
// last block or group the last one is re-read (not stored). Integer sums in any order agree, so
// the output is bit-exact with q8_gemm.comp.
// Grid: x = position tiles, y = output channel tiles, z = reduction slices.
// WG_SPLIT 1 (split K in the workgroup, for the few tiles of small batches): the workgroup has
// gl_WorkGroupSize.z layers (spec constant 14) that each sum their own contiguous part of K for
// the whole tile, then add their sums through shared memory (one accumulator per invocation per
// round, between two barriers), and layer 0 stores them: no partial sums in memory, no reduce
// pass. Integer sums in any order agree: bit-exact with the other forms. One slice per dispatch
// (PARTIAL 0).
#include "common.glslh"
#include "qconv/q8_conv.glslh"

#define TILE_BLOCKS (WG_X * TILE_P4)
#define TILE_OC4S (WG_Y * TILE_OC4)
#define ACCS (TILE_P4 * 4 * TILE_OC4)

#ifndef WG_SPLIT
#define WG_SPLIT 0
#endif
#if WG_SPLIT
#if PARTIAL
#error "WG_SPLIT adds its slices in the workgroup: PARTIAL 0 only"
#endif
layout(local_size_x = WG_X, local_size_y = WG_Y, local_size_z_id = 14) in;
// The sums of layers 1 .. z - 1 of one round, WG_X * WG_Y per layer.
shared ivec4 s_sums[(gl_WorkGroupSize.z - 1u) * uint(WG_X * WG_Y) + 1u];
#else
layout(local_size_x = WG_X, local_size_y = WG_Y, local_size_z = 1) in;
#endif
layout(constant_id = 0) const int OUT_4W4C = 1;

#include "qconv/q8_gemm_io.glslh"

void main() {
  uint lx = gl_LocalInvocationID.x;
  uint ly = gl_LocalInvocationID.y;
  uint p4_tile = gl_WorkGroupID.x * uint(TILE_BLOCKS);
  uint oc4_tile = gl_WorkGroupID.y * uint(TILE_OC4S);
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  // The same reduction slices as q8_gemm.comp (whole stages of K_STAGE k4s).
  uint slice = DJLV_DIV_CEIL(DJLV_DIV_CEIL(p.k4s, p.splits), uint(K_STAGE)) * uint(K_STAGE);
  uint k_begin = gl_WorkGroupID.z * slice;
  uint k_end = min(k_begin + slice, p.k4s);
#if WG_SPLIT
  // This layer's part of the slice.
  uint lz = gl_LocalInvocationID.z;
  uint part = DJLV_DIV_CEIL(k_end - min(k_begin, k_end), gl_WorkGroupSize.z);
  k_begin = min(k_begin + lz * part, k_end);
  k_end = min(k_begin + part, k_end);
#endif

  uint in_p4[TILE_P4];
  [[unroll]] for (int t = 0; t < TILE_P4; t++) {
    in_p4[t] = min(p4_tile + lx + uint(WG_X * t), p.p4s - 1u);
  }
  uint w_row[TILE_OC4];
  [[unroll]] for (int o = 0; o < TILE_OC4; o++) {
    w_row[o] = min(oc4_tile + ly + uint(WG_Y * o), oc4s - 1u) * p.k4s;
  }
  ivec4 acc[ACCS];
  [[unroll]] for (int i = 0; i < ACCS; i++) {
    acc[i] = ivec4(0);
  }
  for (uint k = k_begin; k < k_end; k++) {
    ivec4 x[TILE_P4];
    [[unroll]] for (int t = 0; t < TILE_P4; t++) {
      x[t] = q8_gemm_input(in_p4[t], k);
    }
    [[unroll]] for (int o = 0; o < TILE_OC4; o++) {
      Q8Block b = q8_block(w_data[w_row[o] + k]);
      [[unroll]] for (int t = 0; t < TILE_P4; t++) {
        [[unroll]] for (int j = 0; j < 4; j++) {
          int a = (t * 4 + j) * TILE_OC4 + o;
          acc[a] = q8_mac(acc[a], x[t][j], b);
        }
      }
    }
  }

#if WG_SPLIT
  // Layers 1 .. z - 1 hand their sums to layer 0, one accumulator per round.
  uint lxy = ly * uint(WG_X) + lx;
  [[unroll]] for (int i = 0; i < ACCS; i++) {
    if (lz > 0u) {
      s_sums[(lz - 1u) * uint(WG_X * WG_Y) + lxy] = acc[i];
    }
    barrier();
    if (lz == 0u) {
      for (uint z = 1u; z < gl_WorkGroupSize.z; z++) {
        acc[i] += s_sums[(z - 1u) * uint(WG_X * WG_Y) + lxy];
      }
    }
    barrier();
  }
  if (lz != 0u) {
    return;
  }
#endif
  [[unroll]] for (int o = 0; o < TILE_OC4; o++) {
    uint oc4 = oc4_tile + ly + uint(WG_Y * o);
    [[unroll]] for (int t = 0; t < TILE_P4; t++) {
      uint p4 = p4_tile + lx + uint(WG_X * t);
      if (oc4 < oc4s && p4 < p.p4s) {
        [[unroll]] for (int j = 0; j < 4; j++) {
          int a = (t * 4 + j) * TILE_OC4 + o;
#if PARTIAL
          q8_gemm_partial(p4, uint(j), oc4, oc4s, acc[a]);
#else
          q8_gemm_store(p4, uint(j), oc4, oc4s, acc[a]);
#endif
        }
      }
    }
  }
#if PARTIAL == 2
  q8_split_finish(p4_tile, oc4_tile, oc4s);
#endif
}
