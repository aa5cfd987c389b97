#!/bin/bash
# Session 23, in one call (about 6 minutes): the kernel tests of the split K in the workgroup, the
# implicit im2col and the stem that quantizes its own input on the GPU; then ResNet50 int8 at batch
# 1 and 32 and MobileNetV2 int8 at batch 1 with the default plan, the split K in the workgroup
# (DJL_VULKAN_SPLIT_K=workgroup), the implicit im2col (DJL_VULKAN_IM2COL=implicit), both, and the
# baseline build (pack.sh's BASELINE_COMMIT), in two interleaved rounds, with the phase rows
# (GPU span, dispatches). Run with carry [".gpu"] and "bash .gpu/session23.sh".
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend.ops
echo "=== kernel tests"
kernel_tests 150 \
  --select-method "$P.int8.QConvOpsTest#splitKGemmsAreBitExactAcrossTilesAndSlices" \
  --select-class $P.int8.FusedResidualAddTest --select-class $P.int8.QConvImplicitIm2colTest \
  --select-class $P.int8.QConvQuantizingInputTest | grep -E "tests (successful|failed)|=> " | head -12
Q=/tmp/r50/resnet50-int8-qdq.onnx
V=$g/mobilenetv2-12-int8.onnx
export PHASES=1
for round in 1 2; do
  bench_rows "r$round int8 default" "$g/lib/*" $Q 1,32
  DJL_VULKAN_SPLIT_K=workgroup bench_rows "r$round int8 workgroup" "$g/lib/*" $Q 1,32
  DJL_VULKAN_IM2COL=implicit bench_rows "r$round int8 implicit" "$g/lib/*" $Q 1,32
  DJL_VULKAN_SPLIT_K=workgroup DJL_VULKAN_IM2COL=implicit bench_rows "r$round int8 both" \
    "$g/lib/*" $Q 1,32
  bench_rows "r$round int8 baseline $BASE_COMMIT" "$BASE_CP" $Q 1,32
  bench_rows "r$round mobilenetv2 default" "$g/lib/*" $V 1
  DJL_VULKAN_SPLIT_K=workgroup bench_rows "r$round mobilenetv2 workgroup" "$g/lib/*" $V 1
  DJL_VULKAN_SPLIT_K=workgroup DJL_VULKAN_IM2COL=implicit bench_rows \
    "r$round mobilenetv2 both" "$g/lib/*" $V 1
done
