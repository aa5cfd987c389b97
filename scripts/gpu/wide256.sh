#!/bin/bash
# Prepared in session 30, ran in session 31 (through session31.sh; carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/prepared-variants.sh: jars wide256 and wide256k16), about 3 minutes. The ceiling probe
# (docs/design-notes.md, session 30) held staged int8 GEMMs to 225-300 TOPS, its best shape 2 x 4
# subgroups of 4 x 2 on 32-byte stages (128 x 128 tiles, 256 invocations, 118 registers: two
# workgroups per SM), 10% ahead of the production's 4 x 4 of 2 x 2 on 512 invocations. Branch
# exp-wide256 builds q8ta_gemm_coopmat_wide (and its residual forms) in that shape, the epilogue
# reading ahead for four stores per invocation; exp-wide256k16 the same on 64-byte stages. First the cooperative-matrix kernel tests on the
# variant (the wide tile's exactness), then per-node profiles at batch 256 and bench rows at batch
# 32 and 256, this build and the variant interleaved; the driver's register counts of the wide
# kernels last.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/wide256.log") 2>&1
for v in wide256 wide256k16; do
  variant_tests "$g/variants/$v.jar" 150 int8.QConvCoopmatTest int8.QConvImplicitIm2colTest
done
for v in this wide256 wide256k16; do
  BATCHES=256 profile_run wide-$v "$(variant_cp $v)" $Q
done
for round in 1 2; do
  for v in this wide256 wide256k16; do
    PHASES=1 bench_rows "r$round int8 $v" "$(variant_cp $v)" $Q 32,256
  done
done
for v in this wide256 wide256k16; do
  DJL_VULKAN_PIPELINE_STATISTICS=on BATCHES=32 profile_run stats-$v "$(variant_cp $v)" $Q
  echo "=== registers $v"
  registers stats-$v "coopmat_wide"
done
