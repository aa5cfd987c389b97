#!/bin/bash
# Prepared in session 27, not yet run (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/variant-jar.sh stemq exp-stemq vulkan-backend), about 3 minutes. At batch 256 the int8
# stem's implicit GEMM quantizes the float input in its loads (16 scattered float reads per 16-byte
# word) and took 1.7 ms of a 20 ms span on an H100 (session 27). `stemq` gives the implicit form a
# quantize pass and lets its loads read int8 codes; `--input-on-device` shows what reading the
# input from host-visible staging costs. ResNet50 int8 at batch 32 and 256, two interleaved
# rounds with the phase rows, then per-node profiles at 256 (the stem is node 0, or 1 after a
# quantize pass).
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/stem-quantize.log") 2>&1
for round in 1 2; do
  for v in this stemq; do
    PHASES=1 bench_rows "r$round int8 $v" "$(variant_cp $v)" $Q 32,256
  done
  PHASES=1 bench_rows "r$round int8 this, input on device" "$g/lib/*" $Q 32,256 --input-on-device
done
for v in this stemq; do
  BATCHES=256 profile_run int8-$v "$(variant_cp $v)" $Q
  grep -E "^  [01] " "$OUT/int8-$v.txt"
done
