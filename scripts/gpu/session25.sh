#!/bin/bash
# Session 25 (carry [".gpu"]; prepare with scripts/gpu/pack.sh BASELINE --junit and the variant
# jars below), about 3 minutes:
# - the kernel tests of the int8 selector fix (QConvOpsTest and QConvCoopmatTest failed 6 tests on
#   the H100 in session 25's first run: session 23's auto rule split small GEMMs in the workgroup
#   even where the options asked for a tiling or cooperative matrices) and of the GEMM kernels;
# - how many workgroups a split GEMM aims for at batch 1, two interleaved rounds: this build (256)
#   against vulkan-backend variants with the int8 target at 512 (q8t512, branch exp-q8t512), 64 (q8t64,
#   exp-q8t64) and 128
#   (q8t128, exp-q8t128), and the float GEMMs' target at 512 (f512, exp-f512):
#     scripts/gpu/variant-jar.sh NAME BRANCH vulkan-backend
set -u
. "$(dirname "$0")/setup.sh"
int8_model
P=org.djlvulkan.backend.ops
V=$g/mobilenetv2-12-int8.onnx
exec > >(tee "$OUT/session25.log") 2>&1
echo "=== kernel tests, this build"
kernel_tests 180 --select-class $P.int8.QConvOpsTest --select-class $P.int8.QConvCoopmatTest \
  --select-class $P.int8.FusedResidualAddTest --select-class $P.int8.QConvImplicitIm2colTest \
  --select-class $P.int8.QConvQuantizingInputTest --select-class $P.fp.ConvOpsTest \
  --select-class $P.fp.HalfStorageOpsTest --select-class $P.fp.ResidualAddFusionTest \
  | grep -E "tests (successful|failed)|=> |MethodSource" | head -20
for round in 1 2; do
  for model in $Q $V; do
    for v in this q8t512 q8t128 q8t64; do
      cp=$(variant_cp $v)
      PHASES=1 bench_rows "r$round $(basename $model) $v" "$cp" $model 1,32
    done
  done
  for v in this f512; do
    cp=$(variant_cp $v)
    PHASES=1 bench_rows "r$round fp16 $v" "$cp" $M 1 --precision fp16
    PHASES=1 bench_rows "r$round fp32 $v" "$cp" $M 1
  done
done
