#!/bin/bash
# Session 27's fourth GPU run (carry [".gpu"]; scripts/gpu/pack.sh fa4d9b4 --junit, then
# scripts/gpu/variant-jar.sh blocks1 17d7c45 shaders), about 3 minutes: the int8 4W4C max pooling
# reading three window rows of four blocks ahead (this build) against its first block form, which
# read one block per loop turn (`blocks1`), and the word kernel of the baseline fa4d9b4: the
# pooling's kernel tests on the GPU, ResNet50 int8 at batch 1 and 256 in two interleaved rounds,
# and per-node profiles at batch 1.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/session27d.log") 2>&1
variant_tests this 90 int8.QuantizedPoolOpsTest int8.QConvCoopmatTest
for round in 1 2; do
  PHASES=1 bench_rows "r$round int8 this" "$g/lib/*" $Q 1,256
  PHASES=1 bench_rows "r$round int8 blocks1" "$(variant_cp blocks1)" $Q 1,256
  PHASES=1 bench_rows "r$round int8 baseline $BASE_COMMIT" "$BASE_CP" $Q 1,256
done
for v in this blocks1; do
  BATCHES=1 profile_run int8-$v-b1 "$(variant_cp $v)" $Q
  grep -E "max_pool|linear" "$OUT/int8-$v-b1.txt"
done
BATCHES=1 profile_run int8-base-b1 "$BASE_CP" $Q
grep -E "max_pool|linear" "$OUT/int8-base-b1.txt"
BATCHES=256 profile_run int8-this-b256 "$g/lib/*" $Q
grep -E "max_pool|linear" "$OUT/int8-this-b256.txt"
