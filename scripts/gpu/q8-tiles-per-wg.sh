#!/bin/bash
# Session 20: the q8ta wide cooperative-matrix GEMM with several position tiles per workgroup
# (TILES_PER_WG 2 or 4 in the wide variants' defines: the next tile's first stage is fetched during
# the current tile's last products, so it overlaps the epilogue; one workgroup per SM fits the
# 512-invocation tile, so nothing else hides a short reduction's load and store). Variant jars
# (shaders at exp-persist's two commits; this build's grid, so the workgroups past the last tile
# return at once):
#   scripts/gpu/variant-jar.sh q8tpw2 COMMIT shaders; the same for q8tpw4
# Kernel tests of each variant on the GPU first (QConvCoopmatTest and FusedResidualAddTest force
# the wide tile, 5 position tiles in the largest case), then ResNet50 int8 at batch 32 and 256
# with --profile: this build, each variant, and q8tpw2 with every GEMM on cooperative matrices.
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"].
set -u
. "$(dirname "$0")/setup.sh"
int8_model
I=org.djlvulkan.backend.ops.int8
for v in q8tpw2 q8tpw4; do
  echo "=== kernel tests, $v"
  KERNEL_JAR=$g/variants/$v.jar kernel_tests 120 --select-class $I.QConvCoopmatTest \
    --select-class $I.FusedResidualAddTest | grep -E "tests (successful|failed)|=> " | head -8
done
BATCHES=32,256 profile_run q8-this "$g/lib/*" $Q
BATCHES=32,256 profile_run q8-tpw2 "$g/variants/q8tpw2.jar:$g/lib/*" $Q
BATCHES=32,256 profile_run q8-tpw4 "$g/variants/q8tpw4.jar:$g/lib/*" $Q
DJL_VULKAN_COOPMAT=on BATCHES=32,256 profile_run q8-tpw2-on "$g/variants/q8tpw2.jar:$g/lib/*" $Q
