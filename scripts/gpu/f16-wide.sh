#!/bin/bash
# The fp16 mode's wide cooperative-matrix tile on 16 subgroups of 32 x 32 (a variant jar,
# .gpu/variants/wide-f16w16.jar), as the q8ta wide tile runs since session 18: its kernel tests
# (HalfStorageOpsTest forces it), then ResNet50 in the fp16 mode at batch 32 and 256 with this
# build's small tile (auto), its wide tile of 8 subgroups and the variant's
# (DJL_VULKAN_COOPMAT_TILE=large), registers from the driver; then ResNet50 int8 against the
# baseline (this build has the 16-subgroup q8ta tile).
# The variant: add "SG_ROWS": 4 to the defines of gemm_coopmat_wide_f16 and
# gemm_coopmat_wide_add_f16 in shaders/src/main/glsl/kernels.json (TILE_M 128, TILE_N4 32, SG_COLS
# 4, EPI_PARTS 2 stay), commit that on a side branch and build the jar with
#   scripts/gpu/variant-jar.sh wide-f16w16 SIDE_COMMIT shaders shaders/src/main/glsl/kernels.json
# then scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"] and "bash .gpu/f16-wide.sh".
# (Prepared in session 18, run in session 19: docs/benchmarks.md "Session 19". The 16-subgroup wide
# tile is the default since, so the variant now equals this build; kept as the record's recipe.)
set -u
. "$(dirname "$0")/setup.sh"
int8_model
V=$g/variants/wide-f16w16.jar
echo "=== kernel tests, this build's int8 cooperative-matrix GEMMs (the 16-subgroup wide tile forced)"
kernel_tests 100 --select-class org.djlvulkan.backend.ops.int8.QConvCoopmatTest \
  --select-class org.djlvulkan.backend.ops.int8.FusedResidualAddTest \
  | grep -E "tests (found|successful|failed)"
echo "=== kernel tests, f16w16"
KERNEL_JAR=$V kernel_tests 100 --select-class org.djlvulkan.backend.ops.fp.HalfStorageOpsTest \
  | grep -E "tests (found|successful|failed)"
run() {
  local label=$1 cp=$2 tile=$3
  DJL_VULKAN_PIPELINE_STATISTICS=on DJL_VULKAN_COOPMAT_TILE=$tile BATCHES=32,256 \
    profile_run "f16-$label" "$cp" "$M" --precision fp16
  registers "f16-$label" coopmat
}
run small "$g/lib/*" auto
run wide8 "$g/lib/*" large
run wide16 "$V:$g/lib/*" large
# INT8=no leaves out the int8 rows (gemm-regs.sh FAMILIES=int8 measures them with profiles).
if [ "${INT8:-yes}" != no ]; then
  bench_rows "int8 this" "$g/lib/*" $Q 1,32,256
  bench_rows "int8 baseline $BASE_COMMIT" "$BASE_CP" $Q 1,32,256
fi
