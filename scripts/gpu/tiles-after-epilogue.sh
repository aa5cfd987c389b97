#!/bin/bash
# Prepared in session 28, run in session 29 and not adopted (docs/benchmarks.md, session 29). (carry [".gpu"]; scripts/gpu/pack.sh BASELINE), about 3
# minutes. Session 28 made the int8 cooperative-matrix GEMMs' epilogue cheaper (loads ahead, whole
# blocks for im2col rows). The tile rules were measured when the epilogue cost more: the small
# tile (64 x 64, four workgroups per SM, whose epilogues overlap each other's products) and every
# GEMM on cooperative matrices (the K < 256 GEMMs stay on the packed-dot path under `auto`) may
# now compare otherwise. ResNet50 int8 at batch 32 and 256 under each setting, per-node profiles
# at 256 (the products table sums each kernel).
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/tiles-after-epilogue.log") 2>&1
for round in 1 2; do
  PHASES=1 bench_rows "r$round int8 auto" "$g/lib/*" $Q 32,256
  DJL_VULKAN_COOPMAT_TILE=small PHASES=1 bench_rows "r$round int8 small tile" "$g/lib/*" $Q 32,256
done
BATCHES=256 profile_run int8-auto "$g/lib/*" $Q
DJL_VULKAN_COOPMAT_TILE=small BATCHES=256 profile_run int8-small "$g/lib/*" $Q
DJL_VULKAN_COOPMAT=on DJL_VULKAN_COOPMAT_TILE=small BATCHES=256 profile_run int8-on-small \
  "$g/lib/*" $Q
