#version 450
// A GEMM on VK_NV_cooperative_matrix2 workgroup-scope matrices, for Cm2Probe: C[M][N] = A[M][K] x
// B[N][K]^T, BM x BN tiles per workgroup of WG invocations, BK of K per step, loaded through tensor
// layouts (the driver stages them). FP16: fp16 operands, fp32 sums, fp16 result; else int8
// operands, int32 sums, the int32 -> int8 conversion of the result. BLOCKED reads int8 operands in
// the engine's 4 x 4 blocks (4W4C activations, 4OC x 4IC weights) through a decode function.
// PIPE 1 loads the next step's tiles before the products of this one (session 30), so the
// driver's staged loads can run under them.
#extension GL_KHR_memory_scope_semantics : require
#extension GL_KHR_cooperative_matrix : require
#extension GL_NV_cooperative_matrix2 : require
#extension GL_EXT_shader_explicit_arithmetic_types : require
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_control_flow_attributes : require
layout(local_size_x = WG) in;
#if FP16
#define TA float16_t
#define TACC float
#define TOUT float16_t
#else
#define TA int8_t
#define TACC int32_t
#define TOUT int8_t
#endif
#if BLOCKED
struct Blk { int8_t v[16]; };
layout(binding=0) readonly buffer A { Blk a[]; };
layout(binding=1) readonly buffer B { Blk b[]; };
layout(buffer_reference, std430, buffer_reference_align = 16) buffer BlkRef { Blk blk; };
TA decodeBlk(const in BlkRef bl, const in uint blockCoords[2], const in uint coordInBlock[2]) {
  return bl.blk.v[coordInBlock[0] * 4 + coordInBlock[1]];
}
#else
layout(binding=0) readonly buffer A { TA a[]; };
layout(binding=1) readonly buffer B { TA b[]; };
#endif
layout(binding=2) writeonly buffer C { TOUT c[]; };
layout(push_constant) uniform P { uint M; uint N; uint K; } p;
void main() {
  tensorLayoutNV<2, gl_CooperativeMatrixClampModeConstantNV> tA = createTensorLayoutNV(2, gl_CooperativeMatrixClampModeConstantNV);
  tensorLayoutNV<2, gl_CooperativeMatrixClampModeConstantNV> tB = createTensorLayoutNV(2, gl_CooperativeMatrixClampModeConstantNV);
  tensorLayoutNV<2, gl_CooperativeMatrixClampModeConstantNV> tC = createTensorLayoutNV(2, gl_CooperativeMatrixClampModeConstantNV);
  tA = setTensorLayoutDimensionNV(tA, p.M, p.K);
  tB = setTensorLayoutDimensionNV(tB, p.N, p.K);
  tC = setTensorLayoutDimensionNV(tC, p.M, p.N);
#if BLOCKED
  tA = setTensorLayoutBlockSizeNV(tA, 4, 4);
  tB = setTensorLayoutBlockSizeNV(tB, 4, 4);
#endif
  tensorViewNV<2, false, 1, 0> tvT = createTensorViewNV(2, false, 1, 0);
  uint m0 = gl_WorkGroupID.x * BM;
  uint n0 = gl_WorkGroupID.y * BN;
  coopmat<TACC, gl_ScopeWorkgroup, BM, BN, gl_MatrixUseAccumulator> acc = coopmat<TACC, gl_ScopeWorkgroup, BM, BN, gl_MatrixUseAccumulator>(0);
#if PIPE && !BLOCKED
  coopmat<TA, gl_ScopeWorkgroup, BM, BK, gl_MatrixUseA> ma;
  coopmat<TA, gl_ScopeWorkgroup, BK, BN, gl_MatrixUseB> mb;
  coopMatLoadTensorNV(ma, a, 0, sliceTensorLayoutNV(tA, m0, BM, 0, BK));
  coopMatLoadTensorNV(mb, b, 0, sliceTensorLayoutNV(tB, n0, BN, 0, BK), tvT);
  for (uint k = 0; k < p.K; k += BK) {
    coopmat<TA, gl_ScopeWorkgroup, BM, BK, gl_MatrixUseA> na;
    coopmat<TA, gl_ScopeWorkgroup, BK, BN, gl_MatrixUseB> nb;
    uint kn = k + BK;  // past K the clamped layout reads zeros
    coopMatLoadTensorNV(na, a, 0, sliceTensorLayoutNV(tA, m0, BM, kn, BK));
    coopMatLoadTensorNV(nb, b, 0, sliceTensorLayoutNV(tB, n0, BN, kn, BK), tvT);
    acc = coopMatMulAdd(ma, mb, acc);
    ma = na;
    mb = nb;
  }
#else
  for (uint k = 0; k < p.K; k += BK) {
    coopmat<TA, gl_ScopeWorkgroup, BM, BK, gl_MatrixUseA> ma;
    coopmat<TA, gl_ScopeWorkgroup, BK, BN, gl_MatrixUseB> mb;
#if BLOCKED
    coopMatLoadTensorNV(ma, a, 0, sliceTensorLayoutNV(tA, m0, BM, k, BK), decodeBlk);
    coopMatLoadTensorNV(mb, b, 0, sliceTensorLayoutNV(tB, n0, BN, k, BK), tvT, decodeBlk);
#else
    coopMatLoadTensorNV(ma, a, 0, sliceTensorLayoutNV(tA, m0, BM, k, BK));
    coopMatLoadTensorNV(mb, b, 0, sliceTensorLayoutNV(tB, n0, BN, k, BK), tvT);
#endif
    acc = coopMatMulAdd(ma, mb, acc);
  }
#endif
  coopmat<TOUT, gl_ScopeWorkgroup, BM, BN, gl_MatrixUseAccumulator> o = coopmat<TOUT, gl_ScopeWorkgroup, BM, BN, gl_MatrixUseAccumulator>(acc);
  coopMatStoreTensorNV(o, c, 0, sliceTensorLayoutNV(tC, m0, BM, n0, BN));
}
