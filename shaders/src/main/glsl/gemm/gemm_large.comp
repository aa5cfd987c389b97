#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// The shared-tile GEMM of gemm_shared.comp (same operands, bindings, push constants, epilogue,
// split K and implicit input) on a large tile for GPUs: 256 invocations own 128 positions x 32
// output channel groups (128 channels), each invocation 8 positions x 2 groups (16 vec4
// accumulators, 64 sums), so every value read from shared memory feeds 16 multiply-adds.
//
// K goes in stages of K4_STAGE channel groups (16 channels), double buffered: the next stage's
// global reads are issued into registers before the current stage's products and stored into the
// other buffer after them, one barrier per stage. The stage is held channel-major, so one 16-byte
// shared read gives 4 positions (or 4 output channels) of one input channel:
//   xs[c][m] = input channel c of the stage at tile position m,
//   ws[c][n] = weight of tile output channel n for input channel c.
// Invocations 0 to 127 copy the input: 4 consecutive positions of one channel group (4 vec4
// loads), transposed in registers into 4 rows of xs; invocations 128 to 255 copy the weights: one
// 4OC x 4IC block (its vec4 j is row j of the block's channels in ws). The two stages take 32 KB
// of shared memory, so rows are not padded.
// Invocation (tx, ty) = (lid % 16, lid / 16) owns positions 4 * tx + i and 64 + 4 * tx + i
// (i < 4) and output channel groups ty and 16 + ty of the tile.
// Grid: x = position tiles, y = oc4 tiles, z = batch (x splits).
#define TILE_M 128
#define TILE_N4 32
#define K4_STAGE 4
#define KC (K4_STAGE * 4)
#define INVOCATIONS 256
#define ROW (TILE_M / 4)

#include "common.glslh"
// fp16 builds read fp16 weights (gemm_tiles.glslh).
#define GEMM_HALF_WEIGHTS ACT_F16
#include "gemm/gemm_tiles.glslh"

layout(local_size_x = INVOCATIONS, local_size_y = 1, local_size_z = 1) in;

#include "gemm/gemm_workgroup_io.glslh"

// Two stages (double buffered), rows of ROW vec4s (TILE_M floats or 4 * TILE_N4 channels).
shared vec4 xs[2][KC][ROW];
shared vec4 ws[2][KC][ROW];

// The 4 vec4s this invocation copies for the stage at channel group k0: 4 positions of one
// channel group of the input (lid < 128), or one weight block (lid >= 128); zero past the edges.
void load_stage(uint k0, uint k_end, uint in_base, uint m0, uint n0, uint lid,
                inout vec4 regs[4]) {
  if (lid < 128u) {
    uint k = k0 + lid / 32u;
    uint pos = m0 + (lid % 32u) * 4u;
    [[unroll]] for (int i = 0; i < 4; i++) {
      regs[i] = (k < k_end && pos + uint(i) < p.m)
          ? ACT_LOAD(gemm_input(in_base, k, pos + uint(i)))
          : vec4(0.0);
    }
  } else {
    uint b = lid - 128u;
    uint k = k0 + b % uint(K4_STAGE);
    uint oc4 = n0 + b / uint(K4_STAGE);
    uint base = (oc4 * p.k4 + k) * 4u;
    [[unroll]] for (int j = 0; j < 4; j++) {
      regs[j] = (k < k_end && oc4 < p.oc4s) ? W_LOAD(w_data[base + uint(j)]) : vec4(0.0);
    }
  }
}

// Stores what load_stage read into stage buffer `buf`: the input's 4 x 4 block transposed (row c
// gets the 4 positions' channel c), the weight block's vec4s as they are.
void store_stage(uint buf, uint lid, vec4 regs[4]) {
  if (lid < 128u) {
    uint c0 = (lid / 32u) * 4u;
    uint col = lid % 32u;
    xs[buf][c0][col] = vec4(regs[0].x, regs[1].x, regs[2].x, regs[3].x);
    xs[buf][c0 + 1u][col] = vec4(regs[0].y, regs[1].y, regs[2].y, regs[3].y);
    xs[buf][c0 + 2u][col] = vec4(regs[0].z, regs[1].z, regs[2].z, regs[3].z);
    xs[buf][c0 + 3u][col] = vec4(regs[0].w, regs[1].w, regs[2].w, regs[3].w);
  } else {
    uint b = lid - 128u;
    uint c0 = (b % uint(K4_STAGE)) * 4u;
    uint col = b / uint(K4_STAGE);
    [[unroll]] for (int j = 0; j < 4; j++) {
      ws[buf][c0 + uint(j)][col] = regs[j];
    }
  }
}

void main() {
  uint lid = gl_LocalInvocationIndex;
  uint tx = lid % 16u;
  uint ty = lid / 16u;
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

  // acc[i][j]: position 4 * tx + i (i < 4) or 64 + 4 * tx + i - 4, output channel group ty + 16 j.
  vec4 acc[8][2];
  [[unroll]] for (int i = 0; i < 8; i++) {
    acc[i][0] = vec4(0.0);
    acc[i][1] = vec4(0.0);
  }
  uint in_base = b * p.in_batch_stride;
  vec4 regs[4];
  if (k_begin < k_end) {
    load_stage(k_begin, k_end, in_base, m0, n0, lid, regs);
    store_stage(0u, lid, regs);
  }
  barrier();
  uint buf = 0u;
  for (uint k0 = k_begin; k0 < k_end; k0 += uint(K4_STAGE)) {
    bool more = k0 + uint(K4_STAGE) < k_end;
    if (more) {
      load_stage(k0 + uint(K4_STAGE), k_end, in_base, m0, n0, lid, regs);
    }
    [[unroll]] for (int c = 0; c < KC; c++) {
      vec4 x0 = xs[buf][c][tx];
      vec4 x1 = xs[buf][c][16u + tx];
      vec4 w0 = ws[buf][c][ty];
      vec4 w1 = ws[buf][c][16u + ty];
      [[unroll]] for (int i = 0; i < 4; i++) {
        acc[i][0] = fma(vec4(x0[i]), w0, acc[i][0]);
        acc[i][1] = fma(vec4(x0[i]), w1, acc[i][1]);
        acc[4 + i][0] = fma(vec4(x1[i]), w0, acc[4 + i][0]);
        acc[4 + i][1] = fma(vec4(x1[i]), w1, acc[4 + i][1]);
      }
    }
    // The other buffer was last read before the previous barrier.
    buf ^= 1u;
    if (more) {
      store_stage(buf, lid, regs);
    }
    barrier();
  }

  // gemm_store_sums takes acc[i][j] with constant indices once these loops unroll: a `continue`
  // here kept them rolled, acc went to local memory and the kernel ran six times slower on an H100.
  [[unroll]] for (int j = 0; j < 2; j++) {
    [[unroll]] for (int i = 0; i < 8; i++) {
      gemm_store_sums(b, split, n0 + ty + uint(16 * j),
                      m0 + uint(i < 4 ? 0 : 64) + tx * 4u + uint(i % 4), acc[i][j]);
    }
  }
}
