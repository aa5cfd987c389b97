#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// The shared-tile GEMM of gemm_shared.comp (same operands, bindings, push constants, epilogue,
// split K and implicit input) on a large tile for GPUs: 128 positions x TILE_N4 output channel
// groups, TILE_N4 = 32 (128 channels, 512 invocations) or 16 (64 channels, 256 invocations: the
// GEMMs with at most 64 output channels, which the wide tile would leave half idle), set by the
// workgroup size (specialization constant 12 = 16 * TILE_N4). Each invocation owns 8 positions x 1
// group (8 vec4 accumulators, 32 sums): each 16-byte shared read of 4 positions feeds 16
// multiply-adds, each of 4 weights 32. (Session 17's form had 256 invocations of 8 positions x 2
// groups; on an H100 it held 137-145 registers, so one workgroup of 8 warps ran per SM; 16 warps
// of half the sums hide more of the shared and global reads, as the q8ta wide tile's 16
// subgroups did in session 18.)
//
// A tile's 128 positions run on through the batches (row r is position r % m of batch r / m), so
// GEMMs of small planes (7 x 7 at batch 32) fill their tiles; the grid's z is the split of K only.
//
// K goes in stages of K4_STAGE channel groups (16 channels), double buffered: the next stage's
// global reads are issued into registers before the current stage's products and stored into the
// other buffer after them, one barrier per stage. The stage is held channel-major, so one 16-byte
// shared read gives 4 positions (or 4 output channels) of one input channel:
//   xs[c][m] = input channel c of the stage at tile position m,
//   ws[c][n] = weight of tile output channel n for input channel c.
// Invocations 0 to 127 copy the input: 4 consecutive positions of one channel group (4 vec4
// loads), transposed in registers into 4 rows of xs; the next TILE_N4 * K4_STAGE invocations copy
// one 4OC x 4IC weight block each (its vec4 j is row j of the block's channels in ws); the rest
// copy nothing. The two stages take 32 KB of shared memory, so rows are not padded.
// Invocation (tx, ty) = (lid % 16, lid / 16) owns positions 4 * tx + i and 64 + 4 * tx + i
// (i < 4) and output channel group ty of the tile.
// Grid: x = position tiles over all batches, y = oc4 tiles, z = splits of K.
#define TILE_M 128
#define K4_STAGE 4
#define KC (K4_STAGE * 4)
#define ROW (TILE_M / 4)
// The most channel groups per tile (the shared weight rows' length).
#define MAX_TILE_N4 32

#include "common.glslh"
// fp16 builds read fp16 weights (gemm_tiles.glslh).
#define GEMM_HALF_WEIGHTS ACT_F16
#include "gemm/gemm_tiles.glslh"

layout(local_size_x_id = 12, local_size_y = 1, local_size_z = 1) in;
const uint TILE_N4 = gl_WorkGroupSize.x / 16u;

#include "gemm/gemm_workgroup_io.glslh"

// Two stages (double buffered), rows of TILE_M positions or 4 * MAX_TILE_N4 channels as vec4s.
shared vec4 xs[2][KC][ROW];
shared vec4 ws[2][KC][MAX_TILE_N4];

// The first of the 4 consecutive rows this invocation copies the input of, as (batch, position),
// found once; input_at steps from it to row + i without dividing again (2 registers, not 8).
uvec2 input_row(uint m0, uint lid) {
  uint r = m0 + (lid % 32u) * 4u;
  uint b = r / p.m;
  return uvec2(b, r - b * p.m);
}

// The input offset of row `first` + i's batch and its position, or an invalid position (m) past
// the last batch. i < 4 rows on, the position wraps into a later batch at most 3 times (m < 4).
uvec2 input_at(uvec2 first, uint i) {
  uint b = first.x;
  uint pos = first.y + i;
  [[unroll]] for (int s = 0; s < 3; s++) {
    if (pos >= p.m) {
      b++;
      pos -= p.m;
    }
  }
  return b < p.batches ? uvec2(b * p.in_batch_stride, pos) : uvec2(0u, p.m);
}

// What this invocation copies for the stage at channel group k0 into regs: 4 positions of one
// channel group of the input (lid < 128) or one weight block (the next TILE_N4 * K4_STAGE
// invocations). Zero past the edges.
void load_stage(uint k0, uint k_end, uvec2 first, uint n0, uint lid, inout vec4 regs[4]) {
  if (lid < 128u) {
    uint k = k0 + lid / 32u;
    [[unroll]] for (int i = 0; i < 4; i++) {
      uvec2 at = input_at(first, uint(i));
      regs[i] = (k < k_end && at.y < p.m) ? ACT_LOAD(gemm_input(at.x, k, at.y)) : vec4(0.0);
    }
  } else if (lid < 128u + TILE_N4 * uint(K4_STAGE)) {
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
  } else if (lid < 128u + TILE_N4 * uint(K4_STAGE)) {
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
  uvec2 tile = djlv_gemm_tile();
  uint m0 = tile.x * uint(TILE_M);
  uint n0 = tile.y * uint(TILE_N4);
  uint split = gl_WorkGroupID.z;
  uint k_begin = split * p.k4_per_split;
  uint k_end = min(p.k4, k_begin + p.k4_per_split);

  // acc[i]: row 4 * tx + i (i < 4) or 64 + 4 * tx + i - 4, output channel group ty.
  vec4 acc[8];
  [[unroll]] for (int i = 0; i < 8; i++) {
    acc[i] = vec4(0.0);
  }
  uvec2 first = input_row(m0, lid);
  vec4 regs[4];
  if (k_begin < k_end) {
    load_stage(k_begin, k_end, first, n0, lid, regs);
    store_stage(0u, lid, regs);
  }
  barrier();
  uint buf = 0u;
  for (uint k0 = k_begin; k0 < k_end; k0 += uint(K4_STAGE)) {
    bool more = k0 + uint(K4_STAGE) < k_end;
    if (more) {
      load_stage(k0 + uint(K4_STAGE), k_end, first, n0, lid, regs);
    }
    [[unroll]] for (int c = 0; c < KC; c++) {
      vec4 x0 = xs[buf][c][tx];
      vec4 x1 = xs[buf][c][16u + tx];
      vec4 w = ws[buf][c][ty];
      [[unroll]] for (int i = 0; i < 4; i++) {
        acc[i] = fma(vec4(x0[i]), w, acc[i]);
        acc[4 + i] = fma(vec4(x1[i]), w, acc[4 + i]);
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
  // The residuals (RESIDUAL forms) are read before any store, so their reads overlap.
  uvec2 rows[8];
  ACT_T res[8];
  [[unroll]] for (int i = 0; i < 8; i++) {
    rows[i] = gemm_row(m0 + uint(i < 4 ? 0 : 64) + tx * 4u + uint(i % 4));
    res[i] = gemm_residual_at(rows[i].x, n0 + ty, rows[i].y);
  }
  [[unroll]] for (int i = 0; i < 8; i++) {
    gemm_store_sums_with(rows[i].x, split, n0 + ty, rows[i].y, acc[i], res[i]);
  }
}
