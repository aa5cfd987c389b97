#!/bin/bash
# Prepared in session 27, not yet run (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/variant-jar.sh lt-shaders exp-linear-tiled shaders and
# scripts/gpu/variant-jar.sh lt-backend exp-linear-tiled vulkan-backend), about 3 minutes. ResNet50
# int8's classifier took 0.34 ms at batch 256 on the GEMV form (0.5 G multiply-adds; session 27).
# Branch exp-linear-tiled has a tiled form (32 rows x 16 channel groups per workgroup, K staged in
# shared memory) that GPUs take from 32 rows: its kernel tests on the GPU, ResNet50 int8 at batch
# 1, 32 and 256 in two interleaved rounds with the phase rows, and the classifier's node time.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
LT="$g/variants/lt-shaders.jar:$g/variants/lt-backend.jar:$g/lib/*"
exec > >(tee "$OUT/linear-tiled.log") 2>&1
variant_tests "$g/variants/lt-shaders.jar:$g/variants/lt-backend.jar" 60 \
  int8.QuantizedLinearOpsTest
for round in 1 2; do
  PHASES=1 bench_rows "r$round int8 this" "$g/lib/*" $Q 1,32,256
  PHASES=1 bench_rows "r$round int8 tiled" "$LT" $Q 1,32,256
done
for b in 32 256; do
  BATCHES=$b profile_run int8-this-$b "$g/lib/*" $Q
  BATCHES=$b profile_run int8-tiled-$b "$LT" $Q
  grep -h "q8ta_linear" "$OUT/int8-this-$b.txt" "$OUT/int8-tiled-$b.txt"
done
