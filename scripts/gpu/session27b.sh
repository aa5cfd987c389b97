#!/bin/bash
# Session 27's second GPU run (carry [".gpu"]; scripts/gpu/pack.sh 75b4936 --junit, then
# scripts/gpu/variant-jar.sh pretall f06a772 vulkan-backend): the tall cooperative-matrix tiles
# (128 positions x 64 channels on 8 subgroups) for the int8 and fp16 GEMMs of at most 64 output
# channels, against `pretall` (the Java side before them: the wide tile for those GEMMs).
# PART=A (default, about 6 minutes): the kernel tests of the changed kernels, then ResNet50 int8
# and the fp16 mode at batch 1, 32 and 256, two interleaved rounds with the phase rows, and
# per-node profiles at 32 and 256. PART=B: targets.sh (peers in the same run).
set -u
. "$(dirname "$0")/setup.sh"
int8_model
targets_part
exec > >(tee "$OUT/session27b.log") 2>&1
variant_tests this 200 int8.QConvCoopmatTest int8.FusedResidualAddTest \
  int8.QuantizedLinearOpsTest fp.HalfStorageOpsTest fp.ResidualAddFusionTest \
  fp.ImplicitIm2colTest fp.TiledGemmPlanTest
for round in 1 2; do
  for v in this pretall; do
    PHASES=1 bench_rows "r$round int8 $v" "$(variant_cp $v)" $Q 1,32,256
    PHASES=1 bench_rows "r$round fp16 $v" "$(variant_cp $v)" $M 1,32,256 --precision fp16
  done
done
BATCHES=32,256 profile_run int8-this "$g/lib/*" $Q
BATCHES=32,256 profile_run f16-this "$g/lib/*" $M --precision fp16
