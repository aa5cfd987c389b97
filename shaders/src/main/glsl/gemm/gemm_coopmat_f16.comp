#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_KHR_cooperative_matrix : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
// The fp16-mode GEMM of gemm_shared.comp (same bindings, push constants, tile of 64 positions x
// 16 output channel groups, grid and split-K partials) on cooperative matrices: f16 x f16 -> f32
// products of 16 x 16 by 16 x 16 (VK_KHR_cooperative_matrix), accumulated in fp32. Needs a
// subgroup of 32 invocations: SG_ROWS x SG_COLS subgroups (2 x 2 by default) each own a part of
// the 64 x 64 output tile (a 32 x 32 quarter by default).
// Each stage of K4_STAGE channel groups the workgroup copies the input's packed halves (ACT_F16
// storage, common.glslh) into shared memory as an f16 matrix with one row per position (A, row
// major), and the 4OC x 4IC weight blocks (fp16, gemm_tiles.glslh) as one row per output channel
// (B, column major); rows are 32-bit words of two halves. The next stage's global reads are
// issued into registers before the current stage's products, so their latency hides behind the
// tensor-core work (one shared buffer, two barriers per stage). The fp32 sums then go through shared
// memory to the GEMM's epilogue (bias, activation, padded lanes) and fp16 output, or to the fp32
// partials (SPLIT_K = 1) that gemm_split_reduce.comp adds. RESIDUAL = 1 (one pass only) adds a
// residual to the result (gemm_tiles.glslh). A convolution's im2col GEMM may read its input
// implicitly (gemm_input.glslh).
// A tile's positions run on through the batches (row r is position r % m of batch r / m), so small
// planes (7 x 7, 14 x 14) fill the tiles at large batches.
// Grid: x = position tiles over all batches, y = oc4 tiles, z = splits of K.
#define ACT_F16 1
// The tile: 64 positions x 16 channel groups, or 128 x 32 in the wide variants (TiledGemm's
// tile of the kernel), which take 4 x 4 subgroups of 2 x 2 accumulators (512 invocations) and pass
// the result tile through shared memory in EPI_PARTS = 2 halves. (On an H100 their first form, 2 x
// 4 subgroups of 4 x 2, held 179 registers per invocation; 4 x 4 hold 104 and ran ResNet50's fp16
// GEMMs at 120 TFLOP/s instead of 95, session 19.)
#ifndef TILE_M
#define TILE_M 64
#endif
#ifndef TILE_N4
#define TILE_N4 16
#endif
#ifndef EPI_PARTS
#define EPI_PARTS 1
#endif
#ifndef K4_STAGE
#define K4_STAGE 16
#endif
// Subgroups along the positions and the channels of the tile; each owns FR_M x FR_N accumulators
// of 16 x 16 (2 x 2 subgroups of 2 x 2 by default).
#ifndef SG_ROWS
#define SG_ROWS 2
#endif
#ifndef SG_COLS
#define SG_COLS 2
#endif
#define FR_M (TILE_M / 16 / SG_ROWS)
#define FR_N (TILE_N4 * 4 / 16 / SG_COLS)
#define INVOCATIONS (32 * SG_ROWS * SG_COLS)
#if SG_ROWS % EPI_PARTS != 0
#error "EPI_PARTS divides SG_ROWS"
#endif
#include "common.glslh"
// The weights are fp16 (gemm_tiles.glslh: W_T is uvec2), staged as halves without conversion.
#define GEMM_HALF_WEIGHTS 1
#include "gemm/gemm_tiles.glslh"

// Words per shared row: two per channel group of the stage, plus 4 against bank conflicts.
#define ROW_WORDS (K4_STAGE * 2 + 4)
// Floats per row of the fp32 result tile: the tile's channels plus 4.
#define C_ROW (TILE_N4 * 4 + 4)
#define A_WORDS (TILE_M * ROW_WORDS)
#define B_WORDS (TILE_N4 * 4 * ROW_WORDS)
#define PART_M (TILE_M / EPI_PARTS)
#define C_WORDS (PART_M * C_ROW)
#define SHARED_WORDS (A_WORDS + B_WORDS > C_WORDS ? A_WORDS + B_WORDS : C_WORDS)

layout(local_size_x = INVOCATIONS, local_size_y = 1, local_size_z = 1) in;

#include "gemm/gemm_workgroup_io.glslh"

// A rows then B rows during the stages; later the fp32 result tile.
shared uint s_mem[SHARED_WORDS];

#define A_LOADS (K4_STAGE * TILE_M / INVOCATIONS)
#if INVOCATIONS % TILE_M != 0
#error "each invocation loads one row of the tile (INVOCATIONS a multiple of TILE_M)"
#endif
#define W_LOADS (K4_STAGE * TILE_N4 / INVOCATIONS)

// Reads stage k0's input groups (consecutive invocations on consecutive positions: each
// invocation always reads position `pos` of the batch at `in_base`) and weight blocks (one 4OC x
// 4IC block per load) into registers; out-of-range elements read zero.
void load_stage(uint k0, uint k_end, uint in_base, uint pos, uint n0, uint lid,
                inout uvec2 a_regs[A_LOADS], inout uvec2 w_regs[W_LOADS][4]) {
  [[unroll]] for (int c = 0; c < A_LOADS; c++) {
    uint e = lid + uint(c * INVOCATIONS);
    uint k = k0 + e / uint(TILE_M);
    a_regs[c] = (k < k_end && pos < p.m) ? gemm_input(in_base, k, pos) : uvec2(0u);
  }
  [[unroll]] for (int c = 0; c < W_LOADS; c++) {
    uint e = lid + uint(c * INVOCATIONS);
    uint k = k0 + e % uint(K4_STAGE);
    uint oc4 = n0 + e / uint(K4_STAGE);
    bool ok = k < k_end && oc4 < p.oc4s;
    uint wb = (oc4 * p.k4 + k) * 4u;
    [[unroll]] for (int j = 0; j < 4; j++) {
      w_regs[c][j] = ok ? w_data[wb + uint(j)] : uvec2(0u);
    }
  }
}

// Writes a stage held in registers to shared memory: the input as rows of positions; each weight
// block as fp16 (GEMM_HALF_WEIGHTS): element j holds input channel 4k + j of the 4 output channels
// as halves (lane 0 in the low half of .x, 1 in the high half, 2 and 3 in .y), so output channel
// 4 * oc4 + l gets the words (w0[l], w1[l]) and (w2[l], w3[l]), moved as 16-bit halves without a
// conversion.
void store_stage(uint lid, uvec2 a_regs[A_LOADS], uvec2 w_regs[W_LOADS][4]) {
  [[unroll]] for (int c = 0; c < A_LOADS; c++) {
    uint e = lid + uint(c * INVOCATIONS);
    uint mm = e % uint(TILE_M);
    uint kk = e / uint(TILE_M);
    s_mem[mm * uint(ROW_WORDS) + kk * 2u] = a_regs[c].x;
    s_mem[mm * uint(ROW_WORDS) + kk * 2u + 1u] = a_regs[c].y;
  }
  [[unroll]] for (int c = 0; c < W_LOADS; c++) {
    uint e = lid + uint(c * INVOCATIONS);
    uint kk = e % uint(K4_STAGE);
    uint nn = e / uint(K4_STAGE);
    uvec2 w0 = w_regs[c][0];
    uvec2 w1 = w_regs[c][1];
    uvec2 w2 = w_regs[c][2];
    uvec2 w3 = w_regs[c][3];
    uint row = A_WORDS + nn * 4u * uint(ROW_WORDS) + kk * 2u;
    s_mem[row] = (w0.x & 0xFFFFu) | (w1.x << 16);
    s_mem[row + 1u] = (w2.x & 0xFFFFu) | (w3.x << 16);
    row += uint(ROW_WORDS);
    s_mem[row] = (w0.x >> 16) | (w1.x & 0xFFFF0000u);
    s_mem[row + 1u] = (w2.x >> 16) | (w3.x & 0xFFFF0000u);
    row += uint(ROW_WORDS);
    s_mem[row] = (w0.y & 0xFFFFu) | (w1.y << 16);
    s_mem[row + 1u] = (w2.y & 0xFFFFu) | (w3.y << 16);
    row += uint(ROW_WORDS);
    s_mem[row] = (w0.y >> 16) | (w1.y & 0xFFFF0000u);
    s_mem[row + 1u] = (w2.y >> 16) | (w3.y & 0xFFFF0000u);
  }
}

void main() {
  uint lid = gl_LocalInvocationIndex;
  uvec2 tile = djlv_gemm_tile();
  uint m0 = tile.x * uint(TILE_M);
  uint n0 = tile.y * uint(TILE_N4);
  uint split = gl_WorkGroupID.z;
  uint k_begin = split * p.k4_per_split;
  uint k_end = min(p.k4, k_begin + p.k4_per_split);
  // The row this invocation loads: position a_row.y of batch a_row.x.
  uvec2 a_row = gemm_row(m0 + lid % uint(TILE_M));
  uint in_base = a_row.x * p.in_batch_stride;
  uint sm = gl_SubgroupID / uint(SG_COLS);
  uint sn = gl_SubgroupID % uint(SG_COLS);

  coopmat<float, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator> acc[FR_M][FR_N];
  [[unroll]] for (int r = 0; r < FR_M; r++) {
    [[unroll]] for (int c = 0; c < FR_N; c++) {
      acc[r][c] = coopmat<float, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator>(0.0);
    }
  }
  // The stage's global reads, held in registers: A_LOADS input words of two halves and W_LOADS
  // weight blocks per invocation.
  uvec2 a_regs[A_LOADS];
  uvec2 w_regs[W_LOADS][4];
  load_stage(k_begin, k_end, in_base, a_row.y, n0, lid, a_regs, w_regs);
  for (uint k0 = k_begin; k0 < k_end; k0 += uint(K4_STAGE)) {
    store_stage(lid, a_regs, w_regs);
    barrier();
    if (k0 + uint(K4_STAGE) < k_end) {
      load_stage(k0 + uint(K4_STAGE), k_end, in_base, a_row.y, n0, lid, a_regs, w_regs);
    }
    // K4_STAGE / 4 products of 16 channels (8 words) per stage.
    [[unroll]] for (int s = 0; s < K4_STAGE / 4; s++) {
      coopmat<float16_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseA> a[FR_M];
      coopmat<float16_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseB> w[FR_N];
      [[unroll]] for (int r = 0; r < FR_M; r++) {
        uint row = sm * uint(FR_M * 16) + uint(r * 16);
        coopMatLoad(a[r], s_mem, row * uint(ROW_WORDS) + uint(s * 8), uint(ROW_WORDS),
                    gl_CooperativeMatrixLayoutRowMajor);
      }
      [[unroll]] for (int c = 0; c < FR_N; c++) {
        uint col = sn * uint(FR_N * 16) + uint(c * 16);
        coopMatLoad(w[c], s_mem, A_WORDS + col * uint(ROW_WORDS) + uint(s * 8), uint(ROW_WORDS),
                    gl_CooperativeMatrixLayoutColumnMajor);
      }
      [[unroll]] for (int r = 0; r < FR_M; r++) {
        [[unroll]] for (int c = 0; c < FR_N; c++) {
          acc[r][c] = coopMatMulAdd(a[r], w[c], acc[r][c]);
        }
      }
    }
    barrier();
  }

  // The result tile reuses the shared words (the last stage ended with a barrier), one part of
  // PART_M positions at a time (part h is subgroup rows h * SG_ROWS / EPI_PARTS on).
  // Invocation lid stores position lid % PART_M of the part, channel groups lid / PART_M + step t.
  // The residual forms read their part's residuals first, so those reads overlap the accumulators'
  // trip through shared memory instead of each store waiting on its own read.
  uint mm = lid % uint(PART_M);
  [[unroll]] for (int h = 0; h < EPI_PARTS; h++) {
    uvec2 at = gemm_row(m0 + uint(h * PART_M) + mm);
    uint b = at.x;
    uint pos = at.y;
    ACT_T res[PART_M * TILE_N4 / INVOCATIONS];
    [[unroll]] for (int t = 0; t < PART_M * TILE_N4 / INVOCATIONS; t++) {
      uint oc4 = n0 + lid / uint(PART_M) + uint(t * (INVOCATIONS / PART_M));
      res[t] = gemm_residual_at(b, oc4, pos);
    }
    if (sm / uint(SG_ROWS / EPI_PARTS) == uint(h)) {
      [[unroll]] for (int r = 0; r < FR_M; r++) {
        [[unroll]] for (int c = 0; c < FR_N; c++) {
          uint row = sm * uint(FR_M * 16) + uint(r * 16) - uint(h * PART_M);
          uint col = sn * uint(FR_N * 16) + uint(c * 16);
          coopMatStore(acc[r][c], s_mem, row * uint(C_ROW) + col, uint(C_ROW),
                       gl_CooperativeMatrixLayoutRowMajor);
        }
      }
    }
    barrier();
    [[unroll]] for (int t = 0; t < PART_M * TILE_N4 / INVOCATIONS; t++) {
      uint nn = lid / uint(PART_M) + uint(t * (INVOCATIONS / PART_M));
      uint oc4 = n0 + nn;
      uint base = mm * uint(C_ROW) + nn * 4u;
      vec4 sum = vec4(uintBitsToFloat(s_mem[base]), uintBitsToFloat(s_mem[base + 1u]),
                      uintBitsToFloat(s_mem[base + 2u]), uintBitsToFloat(s_mem[base + 3u]));
      gemm_store_sums_with(b, split, oc4, pos, sum, res[t]);
    }
    if (h + 1 < EPI_PARTS) {
      // The next part's accumulators overwrite the words this part's stores read.
      barrier();
    }
  }
}
