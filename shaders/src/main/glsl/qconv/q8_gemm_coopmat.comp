#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_KHR_cooperative_matrix : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_EXT_shader_explicit_arithmetic_types_int8 : require
#extension GL_EXT_shader_explicit_arithmetic_types_int32 : require
// The q8ta GEMM of q8_gemm.comp (same bindings, push constants, spec constant, grid and tile of
// 16 position blocks x 16 output channel groups, same split-K partials) on cooperative matrices:
// s8 x s8 -> s32 products of 16 x 32 by 32 x 16 (VK_KHR_cooperative_matrix). Needs a subgroup of
// 32 invocations: SG_ROWS x SG_COLS subgroups (2 x 2 by default) each own SG_M x SG_N accumulators
// of 16 x 16 (a 32 x 32 quarter of the 64 x 64 output tile by default; the wide variants use 4 x 4
// subgroups of 2 x 2, 512 invocations, for a 128 x 128 tile: half the global reads per
// multiply-add. On an H100 their first form, 2 x 4 subgroups of 4 x 2, held 142 registers per
// invocation, so one 256-invocation workgroup fit an SM (8 warps); 4 x 4 subgroups of 32 x 32 hold
// 89 and ran ResNet50's wide GEMMs at 160 TOPS instead of 116 (session 18); fewer stage channels
// (K_STAGE 8) or loading A one fragment at a time (120 registers) were slower; 2 x 2 subgroups of
// 64 x 64 ran at half the speed; a 64 x 64 tile with K_STAGE 32 was slower, and wrong in 8 kernel
// tests: not pursued).
// Each stage of K_STAGE k4s (64 reduction steps) the workgroup copies its input and weight ivec4s
// into shared memory as int8 matrices with one row of 4 * K_STAGE bytes per position (A, row
// major) and one per output channel (B, column major): word k4 of row 4 * b + j is lane j of
// ivec4 k4 of block b, for the input and for the 4OC x 4IC weight blocks alike. Two stage buffers:
// the next stage's ivec4s are fetched into registers during the products and stored into the
// other buffer, one barrier per stage. The int32 accumulators then go through shared memory (the
// same words) to the store of q8_gemm_store.glslh (PARTIAL 0), to the partials buffer (PARTIAL 1)
// or into the GEMM's sums (PARTIAL 2, whose last workgroup per tile requantizes:
// q8_gemm_split.glslh), so the
// output equals q8_gemm.comp's bit for bit: integer sums in any order agree.
// Grid: x = position tiles, y = output channel tiles, z = reduction slices.
// WG_SPLIT 1 (split K in the workgroup, for the few tiles of small batches; PARTIAL 0, EPI_PARTS
// 1): the workgroup has gl_WorkGroupSize.z layers (spec constant 14) of SG_ROWS x SG_COLS
// subgroups. Each layer runs the whole tile over its own contiguous part of the reduction, with its
// own two stage buffers; every layer walks the same number of stages (past its part the words are
// 0), so the barriers stay uniform. The layers then add their accumulators through shared memory
// into layer 0's, one layer per round, and layer 0's invocations store the tile: no partial sums
// in memory, no reduce pass, and the products stay on cooperative matrices (q8_gemm_reg.comp's
// WG_SPLIT form runs them on the register path).
#include "common.glslh"
#include "qconv/q8_conv.glslh"

// SG_ROWS x SG_COLS subgroups (along positions and channels), each with SG_M x SG_N accumulators
// of 16 x 16; the tile (64 x 64, or 128 x 128 in the wide variants) must match
// QConvGemmTile's blocks and channel groups.
#ifndef SG_ROWS
#define SG_ROWS 2
#endif
#ifndef SG_COLS
#define SG_COLS 2
#endif
#ifndef SG_M
#define SG_M (4 / SG_ROWS)
#endif
#ifndef SG_N
#define SG_N (4 / SG_COLS)
#endif
// The int32 result tile goes through shared memory in EPI_PARTS parts (a divisor of SG_ROWS: part
// h holds subgroup rows h * SG_ROWS / EPI_PARTS on), so a 128 x 128 tile needs 64 rows of it at
// once, not 128.
#ifndef EPI_PARTS
#define EPI_PARTS 1
#endif
#if SG_ROWS % EPI_PARTS != 0
#error "EPI_PARTS divides SG_ROWS"
#endif
#define TILE_BLOCKS (SG_ROWS * SG_M * 4)
#define TILE_OC4S (SG_COLS * SG_N * 4)
#ifndef K_STAGE
#define K_STAGE 16
#endif
#define INVOCATIONS (32 * SG_ROWS * SG_COLS)
// Words per shared row: K_STAGE words, plus 4 that spread the copy's writes over banks.
#define ROW_WORDS (K_STAGE + 4)
// Ints per row of the int32 result tile: the tile's channels plus 4.
#define C_ROW (TILE_OC4S * 4 + 4)
#define COPIES_A (K_STAGE * TILE_BLOCKS / INVOCATIONS)
#define COPIES_B (K_STAGE * TILE_OC4S / INVOCATIONS)
#define A_WORDS (TILE_BLOCKS * 4 * ROW_WORDS)
#define B_WORDS (TILE_OC4S * 4 * ROW_WORDS)
#define STAGE_WORDS (A_WORDS + B_WORDS)
#define PART_BLOCKS (TILE_BLOCKS / EPI_PARTS)
#define C_WORDS (PART_BLOCKS * 4 * C_ROW)
// Stores per invocation in each part of the epilogue, and in all: two in every tile of this file.
#define EPI_STEPS (PART_BLOCKS * TILE_OC4S / INVOCATIONS)
#if EPI_PARTS * EPI_STEPS != 2
#error "the epilogue reads its terms ahead for two stores per invocation"
#endif
// The tile's block that invocation `lid` stores in its store number e (part e / EPI_STEPS).
#define q8_epilogue_block(lid, e) (uint(((e) / EPI_STEPS) * PART_BLOCKS) \
    + (lid) / uint(TILE_OC4S) + uint(((e) % EPI_STEPS) * (INVOCATIONS / TILE_OC4S)))
#ifndef WG_SPLIT
#define WG_SPLIT 0
#endif
#if WG_SPLIT
#if PARTIAL || EPI_PARTS != 1
#error "WG_SPLIT adds its layers in the workgroup: PARTIAL 0 and EPI_PARTS 1 only"
#endif
// The result tile reuses the stage buffers of the first two layers (the selector plans 2 or more).
#if C_WORDS > 4 * STAGE_WORDS
#error "the result tile must fit two layers' stage buffers"
#endif
layout(local_size_x = INVOCATIONS, local_size_y = 1, local_size_z_id = 14) in;
#define LAYERS gl_WorkGroupSize.z
#define SHARED_WORDS (LAYERS * 2u * uint(STAGE_WORDS))
#else
layout(local_size_x = INVOCATIONS, local_size_y = 1, local_size_z = 1) in;
#define LAYERS 1u
#define SHARED_WORDS (2 * STAGE_WORDS > C_WORDS ? 2 * STAGE_WORDS : C_WORDS)
#endif
#if K_STAGE % 8 != 0
#error "a stage is whole products of 32 reduction steps (8 words)"
#endif
// The first word of stage buffer b of layer l.
#define STAGE_BASE(l, b) (((l) * 2u + (b)) * uint(STAGE_WORDS))

layout(constant_id = 0) const int OUT_4W4C = 1;

#if !PARTIAL
// The stores take the channel terms read ahead into q8_terms (below), and im2col GEMMs store whole
// blocks where they can (q8_gemm_store.glslh).
#define Q8_TERMS_AHEAD
#define Q8_FLAT_BLOCKS
Q8Channels q8_terms;
#endif
#include "qconv/q8_gemm_io.glslh"

// Two stages of A then B rows (double buffered) per layer, later the int32 result tile.
shared uint s_mem[SHARED_WORDS];

// Copies the prefetched ivec4s of a stage into the stage buffer that starts at word `base`.
#define STORE_STAGE(base)                                                         \
  [[unroll]] for (int c = 0; c < COPIES_A; c++) {                                 \
    uint i = lid + uint(c * INVOCATIONS);                                         \
    uint row = (i / uint(K_STAGE)) * 4u;                                          \
    [[unroll]] for (int j = 0; j < 4; j++) {                                      \
      s_mem[(base) + (row + uint(j)) * ROW_WORDS + i % uint(K_STAGE)] =           \
          uint(next_a[c][j]);                                                     \
    }                                                                             \
  }                                                                               \
  [[unroll]] for (int c = 0; c < COPIES_B; c++) {                                 \
    uint i = lid + uint(c * INVOCATIONS);                                         \
    uint row = (i / uint(K_STAGE)) * 4u;                                          \
    [[unroll]] for (int j = 0; j < 4; j++) {                                      \
      s_mem[(base) + A_WORDS + (row + uint(j)) * ROW_WORDS                        \
            + i % uint(K_STAGE)] = uint(next_b[c][j]);                            \
    }                                                                             \
  }

// Fetches the ivec4s of the stage that starts at k4 `k0` into registers.
#define FETCH_STAGE(k0)                                                           \
  [[unroll]] for (int c = 0; c < COPIES_A; c++) {                                 \
    uint i = lid + uint(c * INVOCATIONS);                                         \
    uint k = (k0) + i % uint(K_STAGE);                                            \
    next_a[c] = k < k_end                                                         \
        ? q8_gemm_input(min(p4_tile + i / uint(K_STAGE), p.p4s - 1u), k)          \
        : ivec4(0);                                                               \
  }                                                                               \
  [[unroll]] for (int c = 0; c < COPIES_B; c++) {                                 \
    uint i = lid + uint(c * INVOCATIONS);                                         \
    uint k = (k0) + i % uint(K_STAGE);                                            \
    next_b[c] = k < k_end                                                         \
        ? w_data[min(oc4_tile + i / uint(K_STAGE), oc4s - 1u) * p.k4s + k]        \
        : ivec4(0);                                                               \
  }

void main() {
  // The invocation's index in its layer, which copies the layer's stages, and the layer; the
  // subgroup's place in the tile and the layer whose stages it multiplies. Every layer's stage
  // buffers are filled by one layer of invocations and read by one layer of subgroups, so the sums
  // are whole however the device forms its subgroups.
  uint lid = gl_LocalInvocationIndex % uint(INVOCATIONS);
  uint layer = gl_LocalInvocationIndex / uint(INVOCATIONS);
  uint sg = gl_SubgroupID % uint(SG_ROWS * SG_COLS);
  uint sg_layer = gl_SubgroupID / uint(SG_ROWS * SG_COLS);
  uvec2 tile = djlv_gemm_tile();
  uint p4_tile = tile.x * uint(TILE_BLOCKS);
  uint oc4_tile = tile.y * uint(TILE_OC4S);
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint slice = DJLV_DIV_CEIL(DJLV_DIV_CEIL(p.k4s, p.splits), uint(K_STAGE)) * uint(K_STAGE);
  uint k_begin = gl_WorkGroupID.z * slice;
  uint k_end = min(k_begin + slice, p.k4s);
  // Each layer's part of the slice, whole stages; all layers walk `stages` stages.
  uint part = DJLV_DIV_CEIL(DJLV_DIV_CEIL(k_end - min(k_begin, k_end), LAYERS), uint(K_STAGE))
      * uint(K_STAGE);
  uint stages = part / uint(K_STAGE);
  k_begin = min(k_begin + layer * part, k_end);
  k_end = min(k_begin + part, k_end);
  // The subgroup's quarter of the tile: rows (positions) from SG_M * 16 * sm, columns (channels)
  // from SG_N * 16 * sn.
  uint sm = sg / uint(SG_COLS);
  uint sn = sg % uint(SG_COLS);

  // The epilogue's stores: invocation lid stores channel group lid % TILE_OC4S of blocks
  // lid / TILE_OC4S + (INVOCATIONS / TILE_OC4S) * t of each part, two in all (q8_epilogue_block).
  // Their channel terms and, where a block is stored whole, the residual's blocks are read now, so
  // that their latency passes under the products instead of after them (session 28: the residual
  // GEMMs' epilogue was half their time on an H100).
  uint o = lid % uint(TILE_OC4S);
  uint oc4 = oc4_tile + o;
#if !PARTIAL
  q8_terms = ch[min(oc4, oc4s - 1u)];
  uint block0 = q8_gemm_block_index(p4_tile + q8_epilogue_block(lid, 0), oc4, oc4s);
  uint block1 = q8_gemm_block_index(p4_tile + q8_epilogue_block(lid, 1), oc4, oc4s);
  ivec4 res0 = q8_gemm_residual_block(block0);
  ivec4 res1 = q8_gemm_residual_block(block1);
#endif

  coopmat<int32_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator> acc[SG_M][SG_N];
  [[unroll]] for (int r = 0; r < SG_M; r++) {
    [[unroll]] for (int c = 0; c < SG_N; c++) {
      acc[r][c] = coopmat<int32_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator>(0);
    }
  }
  // Copy i of a stage is ivec4 i % K_STAGE of block (or channel group) i / K_STAGE. Past the last
  // block or group the last one is re-read (its results are not stored); past k_end the words
  // are 0. Word k4 of shared row 4 * b + j is lane j of that ivec4.
  ivec4 next_a[COPIES_A];
  ivec4 next_b[COPIES_B];
  if (stages > 0u) {
    FETCH_STAGE(k_begin)
    STORE_STAGE(STAGE_BASE(layer, 0u))
  }
  barrier();
  uint buf = 0u;
  for (uint stage = 0u; stage < stages; stage++) {
    uint k1 = k_begin + (stage + 1u) * uint(K_STAGE);
    bool more = stage + 1u < stages;
    if (more) {
      FETCH_STAGE(k1)
    }
    uint base = STAGE_BASE(sg_layer, buf);
    // Products of 32 reduction steps (8 words), K_STAGE / 8 per stage.
    [[unroll]] for (int s = 0; s < K_STAGE / 8; s++) {
      coopmat<int8_t, gl_ScopeSubgroup, 16, 32, gl_MatrixUseA> a[SG_M];
      coopmat<int8_t, gl_ScopeSubgroup, 32, 16, gl_MatrixUseB> b[SG_N];
      [[unroll]] for (int r = 0; r < SG_M; r++) {
        uint row = sm * uint(SG_M * 16) + uint(r * 16);
        coopMatLoad(a[r], s_mem, base + row * uint(ROW_WORDS) + uint(s * 8),
                    uint(ROW_WORDS), gl_CooperativeMatrixLayoutRowMajor);
      }
      [[unroll]] for (int c = 0; c < SG_N; c++) {
        uint col = sn * uint(SG_N * 16) + uint(c * 16);
        coopMatLoad(b[c], s_mem,
                    base + A_WORDS + col * uint(ROW_WORDS) + uint(s * 8),
                    uint(ROW_WORDS), gl_CooperativeMatrixLayoutColumnMajor);
      }
      [[unroll]] for (int r = 0; r < SG_M; r++) {
        [[unroll]] for (int c = 0; c < SG_N; c++) {
          acc[r][c] = coopMatMulAdd(a[r], b[c], acc[r][c]);
        }
      }
    }
    // The other buffer was last read before the previous barrier.
    buf ^= 1u;
    if (more) {
      STORE_STAGE(STAGE_BASE(layer, buf))
    }
    barrier();
  }

#if WG_SPLIT
  // Layers 1 .. LAYERS - 1 hand their accumulators to layer 0 through the words of the result
  // tile, one layer per round.
  for (uint l = 1u; l < LAYERS; l++) {
    if (sg_layer == l) {
      [[unroll]] for (int r = 0; r < SG_M; r++) {
        [[unroll]] for (int c = 0; c < SG_N; c++) {
          uint row = sm * uint(SG_M * 16) + uint(r * 16);
          uint col = sn * uint(SG_N * 16) + uint(c * 16);
          coopMatStore(acc[r][c], s_mem, row * uint(C_ROW) + col, uint(C_ROW),
                       gl_CooperativeMatrixLayoutRowMajor);
        }
      }
    }
    barrier();
    if (sg_layer == 0u) {
      [[unroll]] for (int r = 0; r < SG_M; r++) {
        [[unroll]] for (int c = 0; c < SG_N; c++) {
          uint row = sm * uint(SG_M * 16) + uint(r * 16);
          uint col = sn * uint(SG_N * 16) + uint(c * 16);
          coopmat<int32_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator> other;
          coopMatLoad(other, s_mem, row * uint(C_ROW) + col, uint(C_ROW),
                      gl_CooperativeMatrixLayoutRowMajor);
          acc[r][c] = acc[r][c] + other;
        }
      }
    }
    barrier();
  }
#endif

  // The stages are done (barrier above): the result tile reuses the shared words, one part of
  // PART_BLOCKS blocks at a time (part h is subgroup rows h * SG_ROWS / EPI_PARTS on).
  [[unroll]] for (int h = 0; h < EPI_PARTS; h++) {
    if (sg_layer == 0u && sm / uint(SG_ROWS / EPI_PARTS) == uint(h)) {
      [[unroll]] for (int r = 0; r < SG_M; r++) {
        [[unroll]] for (int c = 0; c < SG_N; c++) {
          uint row = sm * uint(SG_M * 16) + uint(r * 16) - uint(h * PART_BLOCKS * 4);
          uint col = sn * uint(SG_N * 16) + uint(c * 16);
          coopMatStore(acc[r][c], s_mem, row * uint(C_ROW) + col, uint(C_ROW),
                       gl_CooperativeMatrixLayoutRowMajor);
        }
      }
    }
    barrier();
    [[unroll]] for (int t = 0; t < EPI_STEPS; t++) {
      uint pb = q8_epilogue_block(lid, t);
      uint p4 = p4_tile + uint(h * PART_BLOCKS) + pb;
      if (layer == 0u && oc4 < oc4s && p4 < p.p4s) {
        ivec4 sums[4];
        [[unroll]] for (int j = 0; j < 4; j++) {
          uint base = (pb * 4u + uint(j)) * uint(C_ROW) + o * 4u;
          sums[j] = ivec4(s_mem[base], s_mem[base + 1u], s_mem[base + 2u], s_mem[base + 3u]);
        }
#if PARTIAL
        [[unroll]] for (int j = 0; j < 4; j++) {
          q8_gemm_partial(p4, uint(j), oc4, oc4s, sums[j]);
        }
#else
        bool first = h * EPI_STEPS + t == 0;
        q8_gemm_store_sums_at(first ? block0 : block1, p4, oc4, oc4s, sums[0], sums[1], sums[2],
                              sums[3], first ? res0 : res1);
#endif
      }
    }
    if (h + 1 < EPI_PARTS) {
      // The next part's accumulators overwrite the words this part's stores read.
      barrier();
    }
  }
#if PARTIAL == 2
  q8_split_finish(p4_tile, oc4_tile, oc4s);
#endif
}
