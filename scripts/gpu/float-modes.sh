#!/bin/bash
# ResNet50 in the fp16 mode and in strict fp32, this build against the packed baseline: the float
# GEMM kernel tests on the GPU first (ConvOpsTest, HalfStorageOpsTest with the forced wide tile,
# ImplicitIm2colTest, ResidualAddFusionTest), then batch 1, 32 and 256 with --profile (median of
# 30 runs after 20 warm-up runs; per-kernel products). Outputs under $OUT (float-LABEL.txt).
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"] and
# "bash .gpu/float-modes.sh". (Session 19: the wide fp16 tile on 16 subgroups by default, the
# epilogues' residuals read ahead, the large fp32 tile on 16 warps, the stem's implicit im2col.)
set -u
. "$(dirname "$0")/setup.sh"
T=org.djlvulkan.backend.ops.fp
# FP32=no: the fp16 mode only, and only its kernel tests (HalfStorageOpsTest,
# ResidualAddFusionTest).
echo "=== kernel tests, this build"
if [ "${FP32:-yes}" = no ]; then
  kernel_tests 200 --select-class $T.HalfStorageOpsTest --select-class $T.ResidualAddFusionTest \
    | grep -E "tests (successful|failed)|=> " | head -12
else
  kernel_tests 200 --select-class $T.ConvOpsTest --select-class $T.HalfStorageOpsTest \
    --select-class $T.ImplicitIm2colTest --select-class $T.ResidualAddFusionTest \
    | grep -E "tests (successful|failed)|=> " | head -12
fi
profile_run float-fp16-this "$g/lib/*" "$M" --precision fp16
profile_run float-fp16-baseline "$BASE_CP" "$M" --precision fp16
if [ "${FP32:-yes}" != no ]; then
  profile_run float-fp32-this "$g/lib/*" "$M"
  profile_run float-fp32-baseline "$BASE_CP" "$M"
fi
