#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Workgroup-tiled fp32 GEMM on vec4-blocked operands, staged through shared memory:
// out[b][oc][m] = act(sum_k in[b][k][m] * W[oc][k] + bias) with the same operands, strides and
// epilogue as gemm_tiled.comp (gemm_tiles.glslh), for GPUs where sharing loads across a workgroup
// pays. A workgroup of WG_M x WG_N invocations owns a tile of TILE_M positions x TILE_N4 output
// channel groups; each invocation holds REG_M positions x REG_N channel groups (REG_M * REG_N
// vec4 accumulators), at positions tx + WG_M * i and groups ty + WG_N * j, so neighbouring
// invocations read neighbouring vec4s. K is walked in stages of K4_STAGE channel groups: the
// workgroup copies the stage's input and weight blocks into shared memory (coalesced, zero past
// the edges), then every invocation accumulates from there. The next stage's global reads are
// issued into registers before the current stage's products, so their latency hides behind the
// arithmetic (X_LOADS input and W_LOADS weight vec4s per invocation).
//
// Split K (SPLIT_K = 1): grid z is batch x split; split s sums channel groups
// [s * k4_per_split, (s + 1) * k4_per_split) and writes the raw sums, without bias or activation,
// to the partial buffer at s * partial_stride + the output address; gemm_split_reduce.comp adds
// the splits in order and applies the epilogue. RESIDUAL = 1 (one pass only) adds a residual to
// the result (gemm_tiles.glslh). A convolution's im2col GEMM may read its input implicitly
// (gemm_input.glslh).
// Grid: x = position tiles, y = oc4 tiles, z = batch (x splits).
#define WG_M 16
#define WG_N 8
#define REG_M 4
#define REG_N 2
#define TILE_M (WG_M * REG_M)
#define TILE_N4 (WG_N * REG_N)
#define K4_STAGE 8
#define INVOCATIONS (WG_M * WG_N)

#include "common.glslh"
// fp16 builds read fp16 weights (gemm_tiles.glslh).
#define GEMM_HALF_WEIGHTS ACT_F16
#include "gemm/gemm_tiles.glslh"


layout(local_size_x = INVOCATIONS, local_size_y = 1, local_size_z = 1) in;

#include "gemm/gemm_workgroup_io.glslh"

shared vec4 x_stage[K4_STAGE][TILE_M];
shared vec4 w_stage[K4_STAGE][TILE_N4][4];

// Each invocation's share of a stage (the stage's sizes are multiples of INVOCATIONS).
#define X_LOADS (K4_STAGE * TILE_M / INVOCATIONS)
#define W_LOADS (K4_STAGE * TILE_N4 * 4 / INVOCATIONS)

// Reads the stage at channel group k0 into registers: input blocks with consecutive invocations
// on consecutive positions, weight blocks with one oc4's K4_STAGE blocks (4 * K4_STAGE contiguous
// vec4s) on consecutive invocations; zero past the edges.
void load_stage(uint k0, uint k_end, uint in_base, uint m0, uint n0, uint tid,
                inout vec4 x_regs[X_LOADS], inout vec4 w_regs[W_LOADS]) {
  [[unroll]] for (int c = 0; c < X_LOADS; c++) {
    uint e = tid + uint(c * INVOCATIONS);
    uint k = k0 + e / uint(TILE_M);
    uint pos = m0 + e % uint(TILE_M);
    x_regs[c] = (k < k_end && pos < p.m) ? ACT_LOAD(gemm_input(in_base, k, pos)) : vec4(0.0);
  }
  [[unroll]] for (int c = 0; c < W_LOADS; c++) {
    uint e = tid + uint(c * INVOCATIONS);
    uint lane = e % 4u;
    uint k = k0 + (e / 4u) % uint(K4_STAGE);
    uint oc4 = n0 + e / uint(4 * K4_STAGE);
    w_regs[c] = (k < k_end && oc4 < p.oc4s) ? W_LOAD(w_data[(oc4 * p.k4 + k) * 4u + lane])
                                             : vec4(0.0);
  }
}

// Writes a stage held in registers to shared memory, in the order load_stage read it.
void store_stage(uint tid, vec4 x_regs[X_LOADS], vec4 w_regs[W_LOADS]) {
  [[unroll]] for (int c = 0; c < X_LOADS; c++) {
    uint e = tid + uint(c * INVOCATIONS);
    x_stage[e / uint(TILE_M)][e % uint(TILE_M)] = x_regs[c];
  }
  [[unroll]] for (int c = 0; c < W_LOADS; c++) {
    uint e = tid + uint(c * INVOCATIONS);
    w_stage[(e / 4u) % uint(K4_STAGE)][e / uint(4 * K4_STAGE)][e % 4u] = w_regs[c];
  }
}

void main() {
  uint tid = gl_LocalInvocationIndex;
  uint tx = tid % uint(WG_M);
  uint ty = tid / uint(WG_M);
  uvec2 tile = djlv_gemm_tile();
  uint m0 = tile.x * uint(TILE_M);
  uint n0 = tile.y * uint(TILE_N4);
#if SPLIT_K
  uint b = gl_WorkGroupID.z % p.batches;
  uint split = gl_WorkGroupID.z / p.batches;
#else
  uint b = gl_WorkGroupID.z;
  uint split = 0u;
#endif
  uint k_begin = split * p.k4_per_split;
  uint k_end = min(p.k4, k_begin + p.k4_per_split);

  vec4 acc[REG_M][REG_N];
  [[unroll]] for (int i = 0; i < REG_M; i++) {
    [[unroll]] for (int j = 0; j < REG_N; j++) {
      acc[i][j] = vec4(0.0);
    }
  }
  uint in_base = b * p.in_batch_stride;
  vec4 x_regs[X_LOADS];
  vec4 w_regs[W_LOADS];
  load_stage(k_begin, k_end, in_base, m0, n0, tid, x_regs, w_regs);
  for (uint k0 = k_begin; k0 < k_end; k0 += uint(K4_STAGE)) {
    store_stage(tid, x_regs, w_regs);
    barrier();
    if (k0 + uint(K4_STAGE) < k_end) {
      load_stage(k0 + uint(K4_STAGE), k_end, in_base, m0, n0, tid, x_regs, w_regs);
    }
    [[unroll]] for (int kk = 0; kk < K4_STAGE; kk++) {
      vec4 x[REG_M];
      [[unroll]] for (int i = 0; i < REG_M; i++) {
        x[i] = x_stage[kk][tx + uint(WG_M * i)];
      }
      [[unroll]] for (int j = 0; j < REG_N; j++) {
        uint nn = ty + uint(WG_N * j);
        vec4 w0 = w_stage[kk][nn][0];
        vec4 w1 = w_stage[kk][nn][1];
        vec4 w2 = w_stage[kk][nn][2];
        vec4 w3 = w_stage[kk][nn][3];
        [[unroll]] for (int i = 0; i < REG_M; i++) {
          acc[i][j] = fma(vec4(x[i].x), w0, acc[i][j]);
          acc[i][j] = fma(vec4(x[i].y), w1, acc[i][j]);
          acc[i][j] = fma(vec4(x[i].z), w2, acc[i][j]);
          acc[i][j] = fma(vec4(x[i].w), w3, acc[i][j]);
        }
      }
    }
    barrier();
  }

  // gemm_store_sums takes acc[i][j] with constant indices once these loops unroll (no `continue`).
  [[unroll]] for (int j = 0; j < REG_N; j++) {
    [[unroll]] for (int i = 0; i < REG_M; i++) {
      gemm_store_sums(b, split, n0 + ty + uint(WG_N * j), m0 + tx + uint(WG_M * i), acc[i][j]);
    }
  }
}
