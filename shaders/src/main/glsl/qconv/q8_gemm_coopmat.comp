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
// 32 invocations: 4 subgroups each own a 32 x 32 quarter of the 64 x 64 output tile (2 x 2
// accumulators).
// Each stage of K_STAGE k4s (64 reduction steps) the workgroup copies its input and weight ivec4s
// into shared memory as int8 matrices with one row of 4 * K_STAGE bytes per position (A, row
// major) and one per output channel (B, column major): word k4 of row 4 * b + j is lane j of
// ivec4 k4 of block b, for the input and for the 4OC x 4IC weight blocks alike. The next stage's
// ivec4s are fetched into registers during the products. The int32 accumulators go through
// shared memory to the store of q8_gemm_store.glslh (PARTIAL 0) or to the partials buffer
// (PARTIAL 1), so the output equals q8_gemm.comp's bit for bit: integer sums in any order agree.
// Grid: x = position tiles, y = output channel tiles, z = reduction slices.
#include "common.glslh"
#include "qconv/q8_conv.glslh"

#define TILE_BLOCKS 16
#define TILE_OC4S 16
#define K_STAGE 16
#define INVOCATIONS 128
// Words per shared row: K_STAGE words, plus 4 that spread the copy's writes over banks.
#define ROW_WORDS (K_STAGE + 4)
// Ints per row of the int32 result tile: 64 channels plus 4.
#define C_ROW (TILE_OC4S * 4 + 4)
#define COPIES (K_STAGE * TILE_BLOCKS / INVOCATIONS)

layout(local_size_x = INVOCATIONS, local_size_y = 1, local_size_z = 1) in;
layout(constant_id = 0) const int OUT_4W4C = 1;

#if PARTIAL
layout(set = 0, binding = 0) writeonly buffer Partials { ivec4 part_data[]; };
#else
layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
#endif
layout(set = 0, binding = 1) readonly buffer In { ivec4 in_data[]; };
layout(set = 0, binding = 2) readonly buffer Weights { ivec4 w_data[]; };
layout(set = 0, binding = 3) readonly buffer Channels { Q8Channels ch[]; };

layout(push_constant) uniform Params {
  uint p4s;          // position blocks in this dispatch
  uint k4s;          // reduction groups of 4 (K4)
  uint out_c;        // output channels (OC)
  uint out_w;        // output width (OW)
  uint flat_pixels;  // 0: pointwise (rows of blocks), 1: im2col (flat pixels)
  uint m_first;      // flat pixels: output pixel of position 0
  uint m_count;      // flat pixels: output pixels in this dispatch
  uint splits;       // reduction slices (grid z)
  int zx;
  float inv_sy;
  int zy;
  float lo;
  float hi;
} p;

#if !PARTIAL
#include "qconv/q8_gemm_store.glslh"
#endif

shared uint s_a[TILE_BLOCKS * 4 * ROW_WORDS];
shared uint s_b[TILE_OC4S * 4 * ROW_WORDS];
shared int s_c[TILE_BLOCKS * 4 * C_ROW];

void main() {
  uint lid = gl_LocalInvocationIndex;
  uint p4_tile = gl_WorkGroupID.x * uint(TILE_BLOCKS);
  uint oc4_tile = gl_WorkGroupID.y * uint(TILE_OC4S);
  uint oc4s = DJLV_DIV_CEIL(p.out_c, 4u);
  uint slice = DJLV_DIV_CEIL(DJLV_DIV_CEIL(p.k4s, p.splits), uint(K_STAGE)) * uint(K_STAGE);
  uint k_begin = gl_WorkGroupID.z * slice;
  uint k_end = min(k_begin + slice, p.k4s);
  // The subgroup's quarter of the tile: rows (positions) 32 * sm, columns (channels) 32 * sn.
  uint sm = gl_SubgroupID / 2u;
  uint sn = gl_SubgroupID % 2u;

  coopmat<int32_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator> acc[2][2];
  [[unroll]] for (int r = 0; r < 2; r++) {
    [[unroll]] for (int c = 0; c < 2; c++) {
      acc[r][c] = coopmat<int32_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator>(0);
    }
  }
  // Copy i of a stage is ivec4 i % K_STAGE of block (or channel group) i / K_STAGE. Past the last
  // block or group the last one is re-read (its results are not stored); past k_end the words
  // are 0.
  ivec4 next_a[COPIES];
  ivec4 next_b[COPIES];
  [[unroll]] for (int c = 0; c < COPIES; c++) {
    uint i = lid + uint(c * INVOCATIONS);
    uint k = k_begin + i % uint(K_STAGE);
    next_a[c] = k < k_end
        ? in_data[min(p4_tile + i / uint(K_STAGE), p.p4s - 1u) * p.k4s + k]
        : ivec4(0);
    next_b[c] = k < k_end
        ? w_data[min(oc4_tile + i / uint(K_STAGE), oc4s - 1u) * p.k4s + k]
        : ivec4(0);
  }
  for (uint k0 = k_begin; k0 < k_end; k0 += uint(K_STAGE)) {
    barrier();
    [[unroll]] for (int c = 0; c < COPIES; c++) {
      uint i = lid + uint(c * INVOCATIONS);
      uint row = (i / uint(K_STAGE)) * 4u;
      uint word = i % uint(K_STAGE);
      [[unroll]] for (int j = 0; j < 4; j++) {
        s_a[(row + uint(j)) * uint(ROW_WORDS) + word] = uint(next_a[c][j]);
        s_b[(row + uint(j)) * uint(ROW_WORDS) + word] = uint(next_b[c][j]);
      }
    }
    barrier();
    uint k1 = k0 + uint(K_STAGE);
    if (k1 < k_end) {
      [[unroll]] for (int c = 0; c < COPIES; c++) {
        uint i = lid + uint(c * INVOCATIONS);
        uint k = k1 + i % uint(K_STAGE);
        next_a[c] = k < k_end
            ? in_data[min(p4_tile + i / uint(K_STAGE), p.p4s - 1u) * p.k4s + k]
            : ivec4(0);
        next_b[c] = k < k_end
            ? w_data[min(oc4_tile + i / uint(K_STAGE), oc4s - 1u) * p.k4s + k]
            : ivec4(0);
      }
    }
    // Two products of 32 reduction steps (8 words) per stage.
    [[unroll]] for (int s = 0; s < 2; s++) {
      coopmat<int8_t, gl_ScopeSubgroup, 16, 32, gl_MatrixUseA> a[2];
      coopmat<int8_t, gl_ScopeSubgroup, 32, 16, gl_MatrixUseB> b[2];
      [[unroll]] for (int r = 0; r < 2; r++) {
        uint row = sm * 32u + uint(r * 16);
        coopMatLoad(a[r], s_a, row * uint(ROW_WORDS) + uint(s * 8), uint(ROW_WORDS),
                    gl_CooperativeMatrixLayoutRowMajor);
      }
      [[unroll]] for (int c = 0; c < 2; c++) {
        uint col = sn * 32u + uint(c * 16);
        coopMatLoad(b[c], s_b, col * uint(ROW_WORDS) + uint(s * 8), uint(ROW_WORDS),
                    gl_CooperativeMatrixLayoutColumnMajor);
      }
      [[unroll]] for (int r = 0; r < 2; r++) {
        [[unroll]] for (int c = 0; c < 2; c++) {
          acc[r][c] = coopMatMulAdd(a[r], b[c], acc[r][c]);
        }
      }
    }
  }

  [[unroll]] for (int r = 0; r < 2; r++) {
    [[unroll]] for (int c = 0; c < 2; c++) {
      uint row = sm * 32u + uint(r * 16);
      uint col = sn * 32u + uint(c * 16);
      coopMatStore(acc[r][c], s_c, row * uint(C_ROW) + col, uint(C_ROW),
                   gl_CooperativeMatrixLayoutRowMajor);
    }
  }
  barrier();
  // Invocation lid stores channel group lid % 16 of blocks lid / 16 and lid / 16 + 8.
  uint o = lid % uint(TILE_OC4S);
  uint oc4 = oc4_tile + o;
  [[unroll]] for (int t = 0; t < 2; t++) {
    uint b = lid / uint(TILE_OC4S) + uint(t * (INVOCATIONS / TILE_OC4S));
    uint p4 = p4_tile + b;
    if (oc4 < oc4s && p4 < p.p4s) {
      [[unroll]] for (int j = 0; j < 4; j++) {
        uint base = (b * 4u + uint(j)) * uint(C_ROW) + o * 4u;
        ivec4 sum = ivec4(s_c[base], s_c[base + 1u], s_c[base + 2u], s_c[base + 3u]);
#if PARTIAL
        part_data[((gl_WorkGroupID.z * p.p4s + p4) * 4u + uint(j)) * oc4s + oc4] = sum;
#else
        q8_gemm_store(p4, uint(j), oc4, oc4s, sum);
#endif
      }
    }
  }
}
