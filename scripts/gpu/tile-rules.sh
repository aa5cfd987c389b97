#!/bin/bash
# Session 20, run 2: per-GEMM profiles for the cooperative-matrix tile rules. The fp16 mode at
# batch 1 and 32 with the `auto` tiles and with every one-pass GEMM on the wide tile
# (DJL_VULKAN_COOPMAT_TILE=large: 4.6-4.7 ms at batch 32 against auto's 5.2-5.3, 0.94-0.96 at batch
# 1 against 0.83-0.85, run 1); ResNet50 int8 at batch 32 and 256 with every GEMM on the small
# cooperative-matrix tile (DJL_VULKAN_COOPMAT=on, DJL_VULKAN_COOPMAT_TILE=small), for the short
# reductions that run on the dot path under auto. Outputs under $OUT (NAME.txt with --profile).
# Prepare with scripts/gpu/pack.sh BASELINE; run with carry [".gpu"].
set -u
. "$(dirname "$0")/setup.sh"
int8_model
for b in 1 32; do
  BATCHES=$b profile_run "f16-auto-b$b" "$g/lib/*" "$M" --precision fp16
  DJL_VULKAN_COOPMAT_TILE=large BATCHES=$b profile_run "f16-large-b$b" "$g/lib/*" "$M" --precision fp16
done
for b in 32 256; do
  DJL_VULKAN_COOPMAT=on DJL_VULKAN_COOPMAT_TILE=small BATCHES=$b profile_run "int8-small-b$b" "$g/lib/*" $Q
  BATCHES=$b profile_run "int8-auto-b$b" "$g/lib/*" $Q
done
