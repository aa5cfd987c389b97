#!/bin/bash
# Prepared in session 20, not yet run: the large cooperative-matrix tiles (q8ta and the fp16 mode's)
# as 128 positions x 64 output channels on 8 subgroups of 32 x 32 (256 invocations, so two
# workgroups fit an SM at ~89-104 registers each) instead of 128 x 128 on 16 subgroups (512, one
# per SM). Session 20's per-GEMM profiles (docs/benchmarks.md) found the 128 x 128 tiles losing
# where half their columns idle (GEMMs down to 64 channels: int8's stage 1 1 x 1, about 5% in the
# fp16 mode's stage 1) and on short reductions, where one workgroup per SM has nothing to hide its
# load and store behind. Variant jars from side branch exp-tall (commit 94abde0: QConvGemmTile.LARGE
# with 16 channel groups and 256 invocations, FloatGemmKernel.COOPMAT_F16_WIDE with 16 groups,
# TiledGemm.WIDE_COOPMAT_INVOCATIONS 256, the wide kernels' SG_COLS 2 and TILE_N4 16):
#   scripts/gpu/variant-jar.sh tall-shaders 94abde0 shaders
#   scripts/gpu/variant-jar.sh tall-backend 94abde0 vulkan-backend
# Kernel tests with both jars first (planning cases that assert the 512-invocation tiles fail with
# the variant by design; every bit-exactness case must pass), then ResNet50 int8 and the fp16 mode
# at batch 32 and 256 with --profile: this build, the variant under auto, and the variant with
# every one-pass cooperative-matrix GEMM on its large tile (DJL_VULKAN_COOPMAT_TILE=large).
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"].
set -u
. "$(dirname "$0")/setup.sh"
int8_model
V="$g/variants/tall-shaders.jar:$g/variants/tall-backend.jar"
variant_tests "$V" 200 int8.QConvCoopmatTest int8.FusedResidualAddTest fp.HalfStorageOpsTest \
  fp.ResidualAddFusionTest
for m in int8 fp16; do
  model=$Q opts=""
  [ $m = fp16 ] && model=$M opts="--precision fp16"
  # shellcheck disable=SC2086
  BATCHES=32,256 profile_run "$m-this" "$g/lib/*" "$model" $opts
  # shellcheck disable=SC2086
  BATCHES=32,256 profile_run "$m-tall-auto" "$V:$g/lib/*" "$model" $opts
  # shellcheck disable=SC2086
  DJL_VULKAN_COOPMAT_TILE=large BATCHES=32,256 profile_run "$m-tall-large" "$V:$g/lib/*" "$model" $opts
done
