#!/bin/bash
# Session 20, run 1: the fp16 mode's default (session 19's wide tile on 16 subgroups with the
# residuals read ahead, a53a2a9, not yet measured together) against the baseline, then its
# cooperative-matrix GEMMs with two stage buffers (one barrier per stage, as the q8ta GEMM):
#   f16db:  the wide tile on stages of 8 channel groups, double buffered (40 KB of shared memory);
#   f16db2: that, and the small tile's 16-group stages double buffered (36 KB).
# Variant jars (shaders at exp-dbuf's commits): scripts/gpu/variant-jar.sh f16db COMMIT shaders,
# the same for f16db2. Kernel tests on the GPU first (HalfStorageOpsTest forces the wide tile,
# ResidualAddFusionTest runs the residual forms), then ResNet50 fp16 at batch 1, 32, 256 with
# --profile; ResNet50 int8 with every GEMM on cooperative matrices (DJL_VULKAN_COOPMAT=on)
# against auto; then throughput with two streams (upload and readback of one batch overlapping the
# other's GPU work) at batch 256 (int8, fp16) and 32 (strict fp32).
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"].
set -u
. "$(dirname "$0")/setup.sh"
T=org.djlvulkan.backend.ops.fp
f16_tests() {
  kernel_tests 120 --select-class $T.HalfStorageOpsTest --select-class $T.ResidualAddFusionTest \
    | grep -E "tests (successful|failed)|=> " | head -8
}
echo "=== kernel tests, this build"
f16_tests
for v in f16db f16db2; do
  echo "=== kernel tests, $v"
  KERNEL_JAR=$g/variants/$v.jar f16_tests
done
profile_run f16-this "$g/lib/*" "$M" --precision fp16
profile_run f16-baseline "$BASE_CP" "$M" --precision fp16
profile_run f16-db "$g/variants/f16db.jar:$g/lib/*" "$M" --precision fp16
profile_run f16-db2 "$g/variants/f16db2.jar:$g/lib/*" "$M" --precision fp16
int8_model
# The q8ta GEMMs below K' = 256 (stage 1's, the residual ones on the dot path) on cooperative
# matrices: COOPMAT_MIN_K was measured on the small tile (session 15), before the 16-subgroup wide
# tile.
BATCHES=32,256 profile_run int8-auto "$g/lib/*" $Q
DJL_VULKAN_COOPMAT=on BATCHES=32,256 profile_run int8-coopmat-on "$g/lib/*" $Q
[ "${STREAMS:-yes}" = no ] && exit 0
streams() { # LABEL MODEL BATCH OPTIONS...
  local label=$1 model=$2 batch=$3
  shift 3
  echo "=== streams: $label"
  timeout 120 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model "$model" --batch "$batch" \
    --warmup 10 --iterations 30 --peer none --streams 2 "$@" 2>&1 \
    | grep -E '^\| [0-9]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|' | tail -2
}
streams "int8 b256" $Q 256
streams "fp16 b256" "$M" 256 --precision fp16
streams "fp32 b32" "$M" 32
