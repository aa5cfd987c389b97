#version 450
// Ceilings of VK_KHR_cooperative_matrix products (subgroup scope), for Cm2Probe (same bindings and
// push constants as gemm.comp: C[M][N] = A[M][K] x B[N][K]^T): int8 16 x 16 x 32 with the int32
// sums' low bytes as C, or with FP16 1 fp16 16 x 16 x 16 with fp32 sums and fp16 C (the fp16
// mode's GEMMs). Rows, stages and steps count bytes, so both forms stage the same 32-byte steps. SGR x SGC subgroups of 32 invocations each own FM x FN accumulators
// of 16 x 16, a BM x BN tile per workgroup. MODE says what the loop over K does besides the
// products:
//   0: nothing - each subgroup loads its fragments once and multiplies them K / 32 times (the
//      products' ceiling; the result is wrong);
//   1: loads its fragments from shared memory at every step (a 16 KB tile filled once; the
//      ceiling of products fed from shared memory; the result is wrong);
//   2: loads its fragments straight from the buffers at every step (no shared memory, no
//      barrier; a correct GEMM, L1 and L2 serve the reuse);
//   3: streams K through two shared stage buffers of KS bytes of K per row (16-byte global reads
//      into registers, DEPTH stages ahead, stored into the buffer the products do not read, one
//      barrier per stage; a correct GEMM): what a staged kernel loses to its staging.
#extension GL_KHR_memory_scope_semantics : require
#extension GL_KHR_cooperative_matrix : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_EXT_shader_explicit_arithmetic_types : require
#extension GL_EXT_control_flow_attributes : require
#ifndef FP16
#define FP16 0
#endif
#if FP16
#define TA float16_t
#define TACC float
#define TC float16_t
#define KF 16
#define EB 2u
#else
#define TA int8_t
#define TACC int32_t
#define TC int8_t
#define KF 32
#define EB 1u
#endif
#define WGI (32 * SGR * SGC)
layout(local_size_x = WGI) in;
layout(binding = 0) readonly buffer A { uint a[]; };
layout(binding = 1) readonly buffer B { uint b[]; };
layout(binding = 2) writeonly buffer C { uint c[]; };
layout(push_constant) uniform P { uint M; uint N; uint K; } p;
#define BM (SGR * FM * 16)
#define BN (SGC * FN * 16)
// MODE 1's tile: BM + BN rows of 64 bytes (16 words) plus 4 words of padding.
#ifndef KS
#define KS 64
#endif
#ifndef DEPTH
#define DEPTH 1
#endif
#ifndef PARTS
#define PARTS 0
#endif
#ifndef VEC_PUT
#define VEC_PUT 0
#endif
#if MODE == 3
#define ROW uint(KS / 4 + 4)
#define STAGE_WORDS ((BM + BN) * (KS / 4 + 4))
#if VEC_PUT
shared uvec4 s_vec[2 * STAGE_WORDS / 4];
#define s_tile s_vec
#define TILE_UNIT 4u
#else
shared uint s_tile[2 * STAGE_WORDS];
#define TILE_UNIT 1u
#endif
// 16-byte chunks per row and per stage, and per invocation.
#define CHUNKS_ROW (KS / 16)
#define CHUNKS ((BM + BN) * CHUNKS_ROW)
#define COPIES ((CHUNKS + WGI - 1) / WGI)
#else
#define ROW 20u
shared uint s_tile[(BM + BN) * 20];
#endif

#if MODE == 3
layout(binding = 0) readonly buffer A4 { uvec4 a4[]; };
layout(binding = 1) readonly buffer B4 { uvec4 b4[]; };
// Chunk i of the stage at K byte k0: row i / CHUNKS_ROW of A's tile, or of B's past BM rows.
uvec4 fetch(uint i, uint k0) {
  i = min(i, uint(CHUNKS) - 1u);
  uint row = i / uint(CHUNKS_ROW);
  uint chunk = k0 / 16u + i % uint(CHUNKS_ROW);
  uint kc = p.K * EB / 16u;
  return row < uint(BM) ? a4[min(gl_WorkGroupID.x * uint(BM) + row, p.M - 1u) * kc + chunk]
                        : b4[min(gl_WorkGroupID.y * uint(BN) + row - uint(BM), p.N - 1u) * kc
                             + chunk];
}
void put(uint i, uint buf, uvec4 v) {
  if (i >= uint(CHUNKS)) {
    return;
  }
  uint at = buf * uint(STAGE_WORDS) + (i / uint(CHUNKS_ROW)) * ROW + (i % uint(CHUNKS_ROW)) * 4u;
#if VEC_PUT
  s_vec[at / 4u] = v;
#else
  s_tile[at] = v.x;
  s_tile[at + 1u] = v.y;
  s_tile[at + 2u] = v.z;
  s_tile[at + 3u] = v.w;
#endif
}
#endif
void main() {
  uint sg = gl_SubgroupID;
  uint sm = sg / uint(SGC);
  uint sn = sg % uint(SGC);
  uint m0 = gl_WorkGroupID.x * uint(BM) + sm * uint(FM * 16);
  uint n0 = gl_WorkGroupID.y * uint(BN) + sn * uint(FN * 16);
  // Words per row of A and B, and bytes.
  uint kw = p.K * EB / 4u;
  uint kb = p.K * EB;
  coopmat<TACC, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator> acc[FM][FN];
  [[unroll]] for (int r = 0; r < FM; r++) {
    [[unroll]] for (int q = 0; q < FN; q++) {
      acc[r][q] = coopmat<TACC, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator>(TACC(0));
    }
  }
  coopmat<TA, gl_ScopeSubgroup, 16, KF, gl_MatrixUseA> fa[FM];
  coopmat<TA, gl_ScopeSubgroup, KF, 16, gl_MatrixUseB> fb[FN];
#if MODE == 0
  [[unroll]] for (int r = 0; r < FM; r++) {
    coopMatLoad(fa[r], a, min(m0 + uint(r * 16), p.M - 16u) * kw, kw,
                gl_CooperativeMatrixLayoutRowMajor);
  }
  [[unroll]] for (int q = 0; q < FN; q++) {
    coopMatLoad(fb[q], b, min(n0 + uint(q * 16), p.N - 16u) * kw, kw,
                gl_CooperativeMatrixLayoutColumnMajor);
  }
#elif MODE == 1
  for (uint i = gl_LocalInvocationIndex; i < uint(BM + BN) * 16u; i += uint(WGI)) {
    uint row = i / 16u;
    uint src = row < uint(BM) ? a[min(gl_WorkGroupID.x * uint(BM) + row, p.M - 1u) * kw + i % 16u]
                              : b[min(gl_WorkGroupID.y * uint(BN) + row - uint(BM), p.N - 1u) * kw
                                  + i % 16u];
    s_tile[row * ROW + i % 16u] = src;
  }
  barrier();
#endif
#if MODE == 3
  uint lid = gl_LocalInvocationIndex;
  uint stages = kb / uint(KS);
  uvec4 regs[DEPTH][COPIES];
  uvec4 sink = uvec4(0u);
  [[unroll]] for (int d = 0; d < DEPTH; d++) {
    [[unroll]] for (int c = 0; c < COPIES; c++) {
      regs[d][c] = fetch(lid + uint(c * WGI), min(uint(d), stages - 1u) * uint(KS));
    }
  }
  [[unroll]] for (int c = 0; c < COPIES; c++) {
    put(lid + uint(c * WGI), 0u, regs[0][c]);
  }
  [[unroll]] for (int c = 0; c < COPIES; c++) {
    regs[0][c] = fetch(lid + uint(c * WGI), min(uint(DEPTH), stages - 1u) * uint(KS));
  }
  barrier();
  for (uint s0 = 0u; s0 < stages; s0 += uint(DEPTH)) {
    [[unroll]] for (int u = 0; u < DEPTH; u++) {
      uint s = s0 + uint(u);
      if (s < stages) {
        uint base = (s % 2u) * uint(STAGE_WORDS);
        [[unroll]] for (int kk = 0; kk < KS / 32; kk++) {
          [[unroll]] for (int r = 0; r < FM; r++) {
            coopMatLoad(fa[r], s_tile, (base + (sm * uint(FM * 16) + uint(r * 16)) * ROW
                        + uint(kk * 8)) / TILE_UNIT, ROW / TILE_UNIT,
                        gl_CooperativeMatrixLayoutRowMajor);
          }
          [[unroll]] for (int q = 0; q < FN; q++) {
            coopMatLoad(fb[q], s_tile, (base + (uint(BM) + sn * uint(FN * 16) + uint(q * 16))
                        * ROW + uint(kk * 8)) / TILE_UNIT, ROW / TILE_UNIT,
                        gl_CooperativeMatrixLayoutColumnMajor);
          }
          [[unroll]] for (int r = 0; r < FM; r++) {
            [[unroll]] for (int q = 0; q < FN; q++) {
              acc[r][q] = coopMatMulAdd(fa[r], fb[q], acc[r][q]);
            }
          }
        }
        if (s + 1u < stages) {
          // Stage s + 1 is in register set (s + 1) % DEPTH = (u + 1) % DEPTH.
#if PARTS != 1 && PARTS != 3
          [[unroll]] for (int c = 0; c < COPIES; c++) {
            put(lid + uint(c * WGI), (s + 1u) % 2u, regs[(u + 1) % DEPTH][c]);
          }
#endif
#if PARTS == 1
          [[unroll]] for (int c = 0; c < COPIES; c++) {
            sink ^= regs[(u + 1) % DEPTH][c];
          }
#endif
#if PARTS < 2 || PARTS == 4
          [[unroll]] for (int c = 0; c < COPIES; c++) {
            regs[(u + 1) % DEPTH][c] =
                fetch(lid + uint(c * WGI), min(s + 1u + uint(DEPTH), stages - 1u) * uint(KS));
          }
#endif
        }
#if PARTS != 4
        barrier();
#endif
      }
    }
  }
  if (sink == uvec4(0x12345678u)) {
    c[0] = 1u;
  }
#else
  for (uint k = 0u; k < kb; k += 32u) {
#if MODE == 1
    uint kk = (k / 4u) % 16u;
    [[unroll]] for (int r = 0; r < FM; r++) {
      coopMatLoad(fa[r], s_tile, (sm * uint(FM * 16) + uint(r * 16)) * ROW + kk, ROW,
                  gl_CooperativeMatrixLayoutRowMajor);
    }
    [[unroll]] for (int q = 0; q < FN; q++) {
      coopMatLoad(fb[q], s_tile, (uint(BM) + sn * uint(FN * 16) + uint(q * 16)) * ROW + kk, ROW,
                  gl_CooperativeMatrixLayoutColumnMajor);
    }
#elif MODE == 2
    [[unroll]] for (int r = 0; r < FM; r++) {
      coopMatLoad(fa[r], a, min(m0 + uint(r * 16), p.M - 16u) * kw + k / 4u, kw,
                  gl_CooperativeMatrixLayoutRowMajor);
    }
    [[unroll]] for (int q = 0; q < FN; q++) {
      coopMatLoad(fb[q], b, min(n0 + uint(q * 16), p.N - 16u) * kw + k / 4u, kw,
                  gl_CooperativeMatrixLayoutColumnMajor);
    }
#endif
    [[unroll]] for (int r = 0; r < FM; r++) {
      [[unroll]] for (int q = 0; q < FN; q++) {
        acc[r][q] = coopMatMulAdd(fa[r], fb[q], acc[r][q]);
      }
    }
  }
#endif
  [[unroll]] for (int r = 0; r < FM; r++) {
    [[unroll]] for (int q = 0; q < FN; q++) {
      uint row = m0 + uint(r * 16);
      uint col = n0 + uint(q * 16);
      if (row + 16u <= p.M && col + 16u <= p.N) {
        coopmat<TC, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator> o =
            coopmat<TC, gl_ScopeSubgroup, 16, 16, gl_MatrixUseAccumulator>(acc[r][q]);
        coopMatStore(o, c, row * (p.N * EB / 4u) + col * EB / 4u, p.N * EB / 4u,
                     gl_CooperativeMatrixLayoutRowMajor);
      }
    }
  }
}
