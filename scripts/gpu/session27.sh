#!/bin/bash
# Session 27's first GPU run (carry [".gpu"]; scripts/gpu/pack.sh 75b4936 --junit, then
# scripts/gpu/variant-jar.sh NAME exp-NAME shaders for order, resahead and both), about 8 minutes:
# - `order` (branch exp-order): the GEMMs' workgroups take a position tile's channel tiles side by
#   side, so they read its input rows while L2 holds them;
# - `resahead` (exp-resahead): the q8ta GEMMs (dot path and cooperative matrices) read their
#   residual blocks before the products instead of after the last barrier;
# - `both`: the two together.
# PART=A (default): kernel tests of `both`, then ResNet50 int8 at batch 1, 32 and 256, two interleaved rounds with
# the phase rows. PART=B: per-node profiles at 32 and 256 (also every GEMM on cooperative matrices, small
# tile and auto tile, with `both`); the fp16 mode at 256 and strict fp32 at 32 with `order`.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/session27.log") 2>&1
if [ "${PART:-A}" = A ]; then
variant_tests "$g/variants/both.jar" 200 int8.QConvCoopmatTest int8.FusedResidualAddTest \
  int8.QConvOpsTest fp.HalfStorageOpsTest fp.ResidualAddFusionTest fp.ConvOpsTest
for round in 1 2; do
  for v in this order resahead both; do
    PHASES=1 bench_rows "r$round int8 $v" "$(variant_cp $v)" $Q 1,32,256
  done
done
exit 0
fi
for v in this order resahead both; do
  BATCHES=32,256 profile_run int8-$v "$(variant_cp $v)" $Q
done
DJL_VULKAN_COOPMAT=on DJL_VULKAN_COOPMAT_TILE=small BATCHES=256 profile_run int8-both-small \
  "$(variant_cp both)" $Q
DJL_VULKAN_COOPMAT=on BATCHES=256 profile_run int8-both-on "$(variant_cp both)" $Q
for v in this order; do
  BATCHES=256 profile_run f16-$v "$(variant_cp $v)" $M --precision fp16
  BATCHES=32 profile_run f32-$v "$(variant_cp $v)" $M --precision fp32
done
