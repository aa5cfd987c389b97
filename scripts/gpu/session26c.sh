#!/bin/bash
# Session 26's third GPU run (carry [".gpu"]; scripts/gpu/pack.sh 75b4936 --junit), about 3
# minutes: q8ta_gemm_coopmat_wgk fetching three stages ahead into registers (PREFETCH 3; session
# 26b's form, one stage ahead, ran ResNet50 int8's long reductions at batch 1 at about 0.9 us per
# stage): its kernel tests, then `auto` against DJL_VULKAN_SPLIT_K=workgroup at batch 1 and 32 (two
# interleaved rounds), the per-dispatch profile and the registers.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
P=org.djlvulkan.backend.ops.int8
V=$g/mobilenetv2-12-int8.onnx
exec > >(tee "$OUT/session26c.log") 2>&1
echo "=== kernel tests"
kernel_tests 150 --select-class $P.QConvCoopmatTest --select-class $P.FusedResidualAddTest \
  | grep -E "tests (successful|failed)|=> |MethodSource|JUnit Jupiter:" | head -30
for round in 1 2; do
  for form in auto workgroup; do
    DJL_VULKAN_SPLIT_K=$form PHASES=1 bench_rows "r$round resnet50 int8 split $form" \
      "$g/lib/*" $Q 1,32
    DJL_VULKAN_SPLIT_K=$form PHASES=1 bench_rows "r$round mobilenetv2 int8 split $form" \
      "$g/lib/*" $V 1
  done
done
DJL_VULKAN_SPLIT_K=workgroup DJL_VULKAN_PIPELINE_STATISTICS=on BATCHES=1 \
  profile_run wgk "$g/lib/*" $Q
registers wgk coopmat
