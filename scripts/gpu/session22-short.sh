#!/bin/bash
# session22.sh cut to about 6 minutes for a short device budget: the workgroup split K's kernel
# tests, then ResNet50 int8 at batch 1 and 32 with the default two-pass split K, the workgroup split
# and the reduce lanes, MobileNetV2 int8 at batch 1 default / workgroup, and inputs in device memory
# against host inputs at batch 1, 32 and 256 (setup.sh's bench_rows: 30 timed runs each). Run
# with carry [".gpu"].
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend.ops
L="$g/variants/lanes-shaders.jar:$g/variants/lanes-backend.jar"
echo "=== kernel tests, split K in the workgroup"
kernel_tests 90 \
  --select-method "$P.int8.QConvOpsTest#splitKGemmsAreBitExactAcrossTilesAndSlices" \
  --select-class $P.int8.FusedResidualAddTest | grep -E "tests (successful|failed)|=> " | head -8
Q=/tmp/r50/resnet50-int8-qdq.onnx
bench_rows "int8 this" "$g/lib/*" $Q 1,32
DJL_VULKAN_SPLIT_K=workgroup bench_rows "int8 workgroup split" "$g/lib/*" $Q 1,32
bench_rows "int8 lanes" "$L:$g/lib/*" $Q 1,32
bench_rows "mobilenetv2 this" "$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 1
DJL_VULKAN_SPLIT_K=workgroup bench_rows "mobilenetv2 workgroup split" "$g/lib/*" \
  "$g/mobilenetv2-12-int8.onnx" 1
PHASES=1 bench_rows "int8 device input" "$g/lib/*" $Q 1,32,256 --input-on-device
PHASES=1 bench_rows "int8 host input" "$g/lib/*" $Q 256
