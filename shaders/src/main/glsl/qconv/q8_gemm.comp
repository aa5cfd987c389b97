#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#if USE_DOT
#extension GL_EXT_integer_dot_product : require
#endif
// Tiled q8ta GEMM: the pointwise convolution (1x1, stride 1, no padding, groups 1) on a 4W4C
// input, and the GEMM half of the im2col convolution on its 4W4C scratch. Either input is a
// sequence of position blocks, each K4 ivec4s long (ivec4 k4 of block p4 = 4 positions x input
// channels 4 * k4 .. 4 * k4 + 3): a 4W4C tensor [N][H][W/4][C/4] has N * H * ceil(W / 4) blocks,
// the im2col scratch one block per 4 output pixels. Weights: 4OC x 4IC blocks (q8_conv.glslh),
// block (oc4, k4) at ivec4 index oc4 * K4 + k4.
// A workgroup of WG_X x WG_Y invocations (defines) owns a tile of WG_X * TILE_P4 position blocks x
// WG_Y * TILE_OC4 output channel groups; the reduction runs in stages of K_STAGE k4s whose input
// and weight ivec4s the workgroup copies to shared memory; each invocation fetches its share of
// the next stage into registers while it multiplies the current one. Invocation (lx, ly)
// accumulates blocks lx + WG_X * t and channel groups ly + WG_Y * o in int32 registers.
// PARTIAL 0: one workgroup per tile covers the whole reduction and requantizes (q8_gemm_store.glslh).
// PARTIAL 1 (split K): workgroup z covers reduction slice z of `splits` and writes its int32 sums
// to the partials buffer, ivec4 ((z * p4s + p4) * 4 + j) * oc4s + oc4 = position j of block p4;
// q8_gemm_reduce.comp adds the slices and requantizes. Integer sums in any order agree.
// PARTIAL 2 (split K in one pass): workgroup z adds its sums into the GEMM's sums in place, and the
// workgroup that finishes a tile last requantizes them (q8_gemm_split.glslh).
// Grid: x = position tiles, y = output channel tiles, z = reduction slices.
#include "common.glslh"
#include "qconv/q8_conv.glslh"

#define TILE_BLOCKS (WG_X * TILE_P4)
#define TILE_OC4S (WG_Y * TILE_OC4)
#define IN_COPIES (K_STAGE * TILE_BLOCKS / (WG_X * WG_Y))
#define W_COPIES (K_STAGE * TILE_OC4S / (WG_X * WG_Y))
#if IN_COPIES * WG_X * WG_Y != K_STAGE * TILE_BLOCKS || W_COPIES * WG_X * WG_Y != K_STAGE * TILE_OC4S
#error "a stage must split evenly over the workgroup's invocations"
#endif

layout(local_size_x = WG_X, local_size_y = WG_Y, local_size_z = 1) in;
layout(constant_id = 0) const int OUT_4W4C = 1;

#include "qconv/q8_gemm_io.glslh"

// One stage's ivec4s, [k][block] and [k][oc4]; the +1 spreads the copy's writes over banks.
shared ivec4 s_in[K_STAGE][TILE_BLOCKS + 1];
shared ivec4 s_w[K_STAGE][TILE_OC4S + 1];

// Stores the sums a0..a3 of positions 0..3 of block p4 for channel group oc4: as one block where
// the output's layout allows, else word by word (PARTIAL 0), or as partial sums.
// `res` is the residual's block there, read ahead (RESIDUAL, whole blocks).
void q8_gemm_store_sums(uint p4, uint oc4, uint oc4s, ivec4 a0, ivec4 a1, ivec4 a2, ivec4 a3,
                        ivec4 res) {
#if PARTIAL
  q8_gemm_partial(p4, 0u, oc4, oc4s, a0);
  q8_gemm_partial(p4, 1u, oc4, oc4s, a1);
  q8_gemm_partial(p4, 2u, oc4, oc4s, a2);
  q8_gemm_partial(p4, 3u, oc4, oc4s, a3);
#else
  q8_gemm_store_sums_at(q8_gemm_block_index(p4, oc4, oc4s), p4, oc4, oc4s, a0, a1, a2, a3, res);
#endif
}

void main() {
  uint lx = gl_LocalInvocationID.x;
  uint ly = gl_LocalInvocationID.y;
  uint lid = gl_LocalInvocationIndex;
  uvec2 tile = djlv_gemm_tile();
  uint p4_tile = tile.x * uint(TILE_BLOCKS);
  uint oc4_tile = tile.y * uint(TILE_OC4S);
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint slice = DJLV_DIV_CEIL(DJLV_DIV_CEIL(p.k4s, p.splits), uint(K_STAGE)) * uint(K_STAGE);
  uint k_begin = gl_WorkGroupID.z * slice;
  uint k_end = min(k_begin + slice, p.k4s);

  // The residual's blocks of this invocation's stores, read now so that their latency passes
  // under the products.
  ivec4 res_ahead[TILE_P4 * TILE_OC4];
  [[unroll]] for (int o = 0; o < TILE_OC4; o++) {
    [[unroll]] for (int t = 0; t < TILE_P4; t++) {
#if RESIDUAL && !PARTIAL
      res_ahead[o * TILE_P4 + t] = q8_gemm_residual_block(q8_gemm_block_index(
          p4_tile + lx + uint(WG_X * t), oc4_tile + ly + uint(WG_Y * o), oc4s));
#else
      res_ahead[o * TILE_P4 + t] = ivec4(0);
#endif
    }
  }

  ivec4 acc[TILE_P4 * 4 * TILE_OC4];
  [[unroll]] for (int i = 0; i < TILE_P4 * 4 * TILE_OC4; i++) {
    acc[i] = ivec4(0);
  }
  // Copy i of a stage is ivec4 i % K_STAGE of block (or channel group) i / K_STAGE: runs of
  // K_STAGE consecutive ivec4s. Past the last block or group the last one is re-read (not
  // stored); past k_end the words are 0.
  ivec4 next_in[IN_COPIES];
  ivec4 next_w[W_COPIES];
  [[unroll]] for (int c = 0; c < IN_COPIES; c++) {
    uint i = lid + uint(c * WG_X * WG_Y);
    uint k = k_begin + i % uint(K_STAGE);
    next_in[c] = k < k_end
        ? q8_gemm_input(min(p4_tile + i / uint(K_STAGE), p.p4s - 1u), k)
        : ivec4(0);
  }
  [[unroll]] for (int c = 0; c < W_COPIES; c++) {
    uint i = lid + uint(c * WG_X * WG_Y);
    uint k = k_begin + i % uint(K_STAGE);
    next_w[c] = k < k_end
        ? w_data[min(oc4_tile + i / uint(K_STAGE), oc4s - 1u) * p.k4s + k]
        : ivec4(0);
  }
  for (uint k0 = k_begin; k0 < k_end; k0 += uint(K_STAGE)) {
    barrier();
    [[unroll]] for (int c = 0; c < IN_COPIES; c++) {
      uint i = lid + uint(c * WG_X * WG_Y);
      s_in[i % uint(K_STAGE)][i / uint(K_STAGE)] = next_in[c];
    }
    [[unroll]] for (int c = 0; c < W_COPIES; c++) {
      uint i = lid + uint(c * WG_X * WG_Y);
      s_w[i % uint(K_STAGE)][i / uint(K_STAGE)] = next_w[c];
    }
    barrier();
    uint k1 = k0 + uint(K_STAGE);
    if (k1 < k_end) {
      [[unroll]] for (int c = 0; c < IN_COPIES; c++) {
        uint i = lid + uint(c * WG_X * WG_Y);
        uint k = k1 + i % uint(K_STAGE);
        next_in[c] = k < k_end
            ? q8_gemm_input(min(p4_tile + i / uint(K_STAGE), p.p4s - 1u), k)
            : ivec4(0);
      }
      [[unroll]] for (int c = 0; c < W_COPIES; c++) {
        uint i = lid + uint(c * WG_X * WG_Y);
        uint k = k1 + i % uint(K_STAGE);
        next_w[c] = k < k_end
            ? w_data[min(oc4_tile + i / uint(K_STAGE), oc4s - 1u) * p.k4s + k]
            : ivec4(0);
      }
    }
    [[unroll]] for (int kk = 0; kk < K_STAGE; kk++) {
      ivec4 x[TILE_P4];
      [[unroll]] for (int t = 0; t < TILE_P4; t++) {
        x[t] = s_in[kk][lx + uint(WG_X * t)];
      }
      [[unroll]] for (int o = 0; o < TILE_OC4; o++) {
        Q8Block b = q8_block(s_w[kk][ly + uint(WG_Y * o)]);
        [[unroll]] for (int t = 0; t < TILE_P4; t++) {
          [[unroll]] for (int j = 0; j < 4; j++) {
            int a = (t * 4 + j) * TILE_OC4 + o;
            acc[a] = q8_mac(acc[a], x[t][j], b);
          }
        }
      }
    }
  }

  // q8_gemm_store_sums takes the accumulators with constant indices once these loops unroll (no
  // `continue` and no loop inside), so acc stays in registers.
  [[unroll]] for (int o = 0; o < TILE_OC4; o++) {
    uint oc4 = oc4_tile + ly + uint(WG_Y * o);
    [[unroll]] for (int t = 0; t < TILE_P4; t++) {
      uint p4 = p4_tile + lx + uint(WG_X * t);
      if (oc4 < oc4s && p4 < p.p4s) {
        q8_gemm_store_sums(p4, oc4, oc4s, acc[(t * 4) * TILE_OC4 + o],
                           acc[(t * 4 + 1) * TILE_OC4 + o], acc[(t * 4 + 2) * TILE_OC4 + o],
                           acc[(t * 4 + 3) * TILE_OC4 + o], res_ahead[o * TILE_P4 + t]);
      }
    }
  }
#if PARTIAL == 2
  q8_split_finish(p4_tile, oc4_tile, oc4s);
#endif
}
