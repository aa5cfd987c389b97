#!/bin/bash
# Session 23: DJL_VULKAN_SPLIT_K=auto (the default: split GEMMs with K' <= 512 in the workgroup on
# GPUs) against two-pass (the previous default), ResNet50 int8 and MobileNetV2 int8 at batch 1 and
# 32, three interleaved rounds, with the phase rows; the kernel tests of the split K first. About 3
# minutes; carry [".gpu"].
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend.ops
kernel_tests 100 \
  --select-method "$P.int8.QConvOpsTest#splitKGemmsAreBitExactAcrossTilesAndSlices" \
  --select-method "$P.int8.QConvOpsTest#autoSplitsShortReductionsInTheWorkgroupOnGpusOnly" \
  | grep -E "tests (successful|failed)|=> " | head -8
Q=/tmp/r50/resnet50-int8-qdq.onnx
V=$g/mobilenetv2-12-int8.onnx
export PHASES=1
for round in ${ROUNDS:-1 2 3}; do
  bench_rows "r$round int8 auto" "$g/lib/*" $Q 1,32
  DJL_VULKAN_SPLIT_K=two-pass bench_rows "r$round int8 two-pass" "$g/lib/*" $Q 1,32
  bench_rows "r$round mobilenetv2 auto" "$g/lib/*" $V 1,32
  DJL_VULKAN_SPLIT_K=two-pass bench_rows "r$round mobilenetv2 two-pass" "$g/lib/*" $V 1,32
done
