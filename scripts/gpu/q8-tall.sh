#!/bin/bash
# Prepared in session 20, not yet run: the q8ta large cooperative-matrix tile as 128 positions x 64
# output channels on 8 subgroups of 32 x 32 (256 invocations, so two workgroups fit an SM at ~89
# registers each) instead of 128 x 128 on 16 subgroups (512, one per SM). Session 20's per-GEMM
# profiles (docs/benchmarks.md) found the 128 x 128 tile losing only where half its columns idle
# (stage 1's 1 x 1 GEMMs down to 64 channels) and on short reductions, where one workgroup per SM
# has nothing to hide its load and store behind. Variant jars from side branch exp-tall (commit
# 80e4b10: QConvGemmTile.LARGE with 16 channel groups and 256 invocations, the wide kernels'
# SG_COLS 2):
#   scripts/gpu/variant-jar.sh tall-shaders 80e4b10 shaders
#   scripts/gpu/variant-jar.sh tall-backend 80e4b10 vulkan-backend
# Kernel tests with both jars first (QConvCoopmatTest asserts the 512-invocation tile in one planning
# case, which fails with the variant by design; every bit-exactness case must pass), then ResNet50
# int8 at batch 32 and 256 with --profile: this build, the variant under auto (large where its
# tiles alone are 256), and the variant with every one-pass cooperative-matrix GEMM on it.
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"].
set -u
. "$(dirname "$0")/setup.sh"
int8_model
I=org.djlvulkan.backend.ops.int8
V="$g/variants/tall-shaders.jar:$g/variants/tall-backend.jar"
echo "=== kernel tests, tall"
KERNEL_JAR=$V kernel_tests 150 --select-class $I.QConvCoopmatTest \
  --select-class $I.FusedResidualAddTest | grep -E "tests (successful|failed)|=> |Assert" | head -12
BATCHES=32,256 profile_run q8-this "$g/lib/*" $Q
BATCHES=32,256 profile_run q8-tall-auto "$V:$g/lib/*" $Q
DJL_VULKAN_COOPMAT_TILE=large BATCHES=32,256 profile_run q8-tall-large "$V:$g/lib/*" $Q
