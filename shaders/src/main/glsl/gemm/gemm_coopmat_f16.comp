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
// subgroup of 32 invocations: 2 x 2 subgroups each own 2 x 2 accumulators (a 32 x 32 quarter of
// the 64 x 64 output tile).
// Each stage of K4_STAGE channel groups the workgroup copies the input's packed halves (ACT_F16
// storage, common.glslh) into shared memory as an f16 matrix with one row per position (A, row
// major), and the 4OC x 4IC weight blocks (fp16, gemm_tiles.glslh) as one row per output channel
// (B, column major); rows are 32-bit words of two halves. The fp32 sums then go through shared
// memory to the GEMM's epilogue (bias, activation, padded lanes) and fp16 output, or to the fp32
// partials (SPLIT_K = 1) that gemm_split_reduce.comp adds. RESIDUAL = 1 (one pass only) adds a
// residual to the result (gemm_tiles.glslh). A convolution's im2col GEMM may read its input
// implicitly (gemm_input.glslh).
// Grid: x = position tiles, y = oc4 tiles, z = batch (x splits).
#define ACT_F16 1
#define TILE_M 64
#define TILE_N4 16
#define K4_STAGE 8
#define INVOCATIONS 128
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
#define C_WORDS (TILE_M * C_ROW)
#define SHARED_WORDS (A_WORDS + B_WORDS > C_WORDS ? A_WORDS + B_WORDS : C_WORDS)

layout(local_size_x = INVOCATIONS, local_size_y = 1, local_size_z = 1) in;

#if SPLIT_K
layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };  // fp32 partial sums
#else
layout(set = 0, binding = 0) writeonly buffer Out { ACT_T out_data[]; };
#endif
layout(set = 0, binding = 1) readonly buffer In { ACT_T in_data[]; };
layout(set = 0, binding = 2) readonly buffer Weights { W_T w_data[]; };
layout(set = 0, binding = 3) readonly buffer Bias { vec4 bias_data[]; };
GEMM_RESIDUAL_BUFFER(4)

layout(push_constant) uniform Params {
  uint m;
  uint k4;
  uint oc4s;
  uint channels;
  uint batches;
  uint in_batch_stride;
  uint in_k_stride;
  uint in_m_stride;
  uint out_batch_stride;
  uint out_oc_stride;
  uint out_m_stride;
  uint out_m_offset;
  uint act;
  float lo;
  float hi;
  uint k4_per_split;
  uint partial_stride;
  GEMM_RESIDUAL_PARAMS
} p;

#include "gemm/gemm_input.glslh"

// A rows then B rows during the stages; later the fp32 result tile.
shared uint s_mem[SHARED_WORDS];

void main() {
  uint lid = gl_LocalInvocationIndex;
  uint m0 = gl_WorkGroupID.x * uint(TILE_M);
  uint n0 = gl_WorkGroupID.y * uint(TILE_N4);
#if SPLIT_K
  uint b = gl_WorkGroupID.z % p.batches;
  uint split = gl_WorkGroupID.z / p.batches;
#else
  uint b = gl_WorkGroupID.z;
  uint split = 0u;
#endif
  uint k_begin = split * p.k4_per_split;
  uint k_end = min(p.k4, k_begin + p.k4_per_split);
  uint in_base = b * p.in_batch_stride;
  uint sm = gl_SubgroupID / 2u;
  uint sn = gl_SubgroupID % 2u;

  coopmat<float, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator> acc[2][2];
  [[unroll]] for (int r = 0; r < 2; r++) {
    [[unroll]] for (int c = 0; c < 2; c++) {
      acc[r][c] = coopmat<float, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator>(0.0);
    }
  }
  for (uint k0 = k_begin; k0 < k_end; k0 += uint(K4_STAGE)) {
    // Input: K4_STAGE x TILE_M packed groups, consecutive invocations on consecutive positions.
    [[unroll]] for (int c = 0; c < K4_STAGE * TILE_M / INVOCATIONS; c++) {
      uint e = lid + uint(c * INVOCATIONS);
      uint mm = e % uint(TILE_M);
      uint kk = e / uint(TILE_M);
      uint k = k0 + kk;
      uint pos = m0 + mm;
      uvec2 h = (k < k_end && pos < p.m) ? gemm_input(in_base, k, pos) : uvec2(0u);
      s_mem[mm * uint(ROW_WORDS) + kk * 2u] = h.x;
      s_mem[mm * uint(ROW_WORDS) + kk * 2u + 1u] = h.y;
    }
    // Weights: one 4OC x 4IC block per invocation, as fp16 (GEMM_HALF_WEIGHTS): element j holds
    // input channel 4k + j of the 4 output channels as halves (lane 0 in the low half of .x, 1 in
    // the high half, 2 and 3 in .y), so output channel 4 * oc4 + l gets the words (w0[l], w1[l])
    // and (w2[l], w3[l]), moved as 16-bit halves without a conversion.
    [[unroll]] for (int c = 0; c < K4_STAGE * TILE_N4 / INVOCATIONS; c++) {
      uint e = lid + uint(c * INVOCATIONS);
      uint kk = e % uint(K4_STAGE);
      uint nn = e / uint(K4_STAGE);
      uint k = k0 + kk;
      uint oc4 = n0 + nn;
      bool ok = k < k_end && oc4 < p.oc4s;
      uint wb = (oc4 * p.k4 + k) * 4u;
      uvec2 w0 = ok ? w_data[wb] : uvec2(0u);
      uvec2 w1 = ok ? w_data[wb + 1u] : uvec2(0u);
      uvec2 w2 = ok ? w_data[wb + 2u] : uvec2(0u);
      uvec2 w3 = ok ? w_data[wb + 3u] : uvec2(0u);
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
    barrier();
    // Two products of 16 channels (8 words) per stage.
    [[unroll]] for (int s = 0; s < K4_STAGE / 4; s++) {
      coopmat<float16_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseA> a[2];
      coopmat<float16_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseB> w[2];
      [[unroll]] for (int r = 0; r < 2; r++) {
        uint row = sm * 32u + uint(r * 16);
        coopMatLoad(a[r], s_mem, row * uint(ROW_WORDS) + uint(s * 8), uint(ROW_WORDS),
                    gl_CooperativeMatrixLayoutRowMajor);
      }
      [[unroll]] for (int c = 0; c < 2; c++) {
        uint col = sn * 32u + uint(c * 16);
        coopMatLoad(w[c], s_mem, A_WORDS + col * uint(ROW_WORDS) + uint(s * 8), uint(ROW_WORDS),
                    gl_CooperativeMatrixLayoutColumnMajor);
      }
      [[unroll]] for (int r = 0; r < 2; r++) {
        [[unroll]] for (int c = 0; c < 2; c++) {
          acc[r][c] = coopMatMulAdd(a[r], w[c], acc[r][c]);
        }
      }
    }
    barrier();
  }

  // The result tile reuses the shared words (the last stage ended with a barrier).
  [[unroll]] for (int r = 0; r < 2; r++) {
    [[unroll]] for (int c = 0; c < 2; c++) {
      uint row = sm * 32u + uint(r * 16);
      uint col = sn * 32u + uint(c * 16);
      coopMatStore(acc[r][c], s_mem, row * uint(C_ROW) + col, uint(C_ROW),
                   gl_CooperativeMatrixLayoutRowMajor);
    }
  }
  barrier();
  // Invocation lid stores position lid % TILE_M of channel groups lid / TILE_M + 2 * t.
  uint mm = lid % uint(TILE_M);
  uint pos = m0 + mm;
  [[unroll]] for (int t = 0; t < TILE_M * TILE_N4 / INVOCATIONS; t++) {
    uint nn = lid / uint(TILE_M) + uint(t * (INVOCATIONS / TILE_M));
    uint oc4 = n0 + nn;
    if (pos >= p.m || oc4 >= p.oc4s) {
      continue;
    }
    uint base = mm * uint(C_ROW) + nn * 4u;
    vec4 sum = vec4(uintBitsToFloat(s_mem[base]), uintBitsToFloat(s_mem[base + 1u]),
                    uintBitsToFloat(s_mem[base + 2u]), uintBitsToFloat(s_mem[base + 3u]));
    uint o = b * p.out_batch_stride + oc4 * p.out_oc_stride + (p.out_m_offset + pos) * p.out_m_stride;
#if SPLIT_K
    out_data[split * p.partial_stride + o] = sum;
#else
    out_data[o] = ACT_STORE(GEMM_RESIDUAL(
        gemm_epilogue(sum, bias_data[oc4], p.act, p.lo, p.hi, oc4 * 4u, p.channels), o, oc4));
#endif
  }
}
