#!/bin/bash
# Session 26's second GPU run (carry [".gpu"]; prepare with scripts/gpu/pack.sh 75b4936 --junit),
# about 4 minutes: the split K in the workgroup on cooperative matrices (q8ta_gemm_coopmat_wgk,
# DJL_VULKAN_SPLIT_K=workgroup; `auto` keeps two passes for the long reductions):
# - its kernel tests (QConvCoopmatTest, FusedResidualAddTest) first;
# - ResNet50 and MobileNetV2 int8 at batch 1 and 32, `auto` against `workgroup`, each with the
#   im2col scratch and with the implicit im2col (DJL_VULKAN_IM2COL=implicit: the 3x3 GEMMs read
#   their window, so neither an im2col pass nor a reduce pass is left), two interleaved rounds;
# - the per-dispatch profile and the pipelines' registers at batch 1 for `workgroup`.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
P=org.djlvulkan.backend.ops.int8
V=$g/mobilenetv2-12-int8.onnx
exec > >(tee "$OUT/session26b.log") 2>&1
echo "=== kernel tests"
kernel_tests 150 --select-class $P.QConvCoopmatTest --select-class $P.FusedResidualAddTest \
  | grep -E "tests (successful|failed)|=> |MethodSource|JUnit Jupiter:" | head -30
for round in 1 2; do
  for form in auto workgroup; do
    for im2col in auto implicit; do
      DJL_VULKAN_SPLIT_K=$form DJL_VULKAN_IM2COL=$im2col PHASES=1 \
        bench_rows "r$round resnet50 int8 split $form im2col $im2col" "$g/lib/*" $Q 1,32
    done
    DJL_VULKAN_SPLIT_K=$form PHASES=1 bench_rows "r$round mobilenetv2 int8 split $form" \
      "$g/lib/*" $V 1,32
  done
done
DJL_VULKAN_SPLIT_K=workgroup DJL_VULKAN_PIPELINE_STATISTICS=on BATCHES=1 \
  profile_run wgk "$g/lib/*" $Q
DJL_VULKAN_SPLIT_K=workgroup DJL_VULKAN_IM2COL=implicit BATCHES=1 profile_run wgk-implicit \
  "$g/lib/*" $Q
registers wgk coopmat
