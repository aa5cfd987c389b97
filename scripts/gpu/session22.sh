#!/bin/bash
# Session 22, what the next device time should answer first, in one call (about 5 minutes):
#  1. the split-K reduce passes with lanes (variant jars, recipe in batch1-short.sh's header):
#     their kernel tests on the GPU, then ResNet50 int8 at batch 1 and 32 and MobileNetV2 int8 at
#     batch 1 against this build;
#  2. the q8ta implicit im2col at batch 1 and 32 (DJL_VULKAN_IM2COL=implicit);
#  3. the split K in the workgroup (DJL_VULKAN_SPLIT_K=workgroup: no reduce passes), its kernel
#     tests, then ResNet50 int8 at 1 and 32 and MobileNetV2 int8 at 1;
#  4. inputs in device memory (bench --input-on-device) against host inputs, ResNet50 int8 at
#     batch 1, 32 and 256, with the phase tables.
# Rows by setup.sh's bench_rows (20 warm-up and 30 timed runs). Run with carry [".gpu"] and
# "bash .gpu/session22.sh".
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend.ops
L="$g/variants/lanes-shaders.jar:$g/variants/lanes-backend.jar"
echo "=== kernel tests, reduce lanes"
KERNEL_JAR=$L kernel_tests 120 \
  --select-method "$P.fp.ConvOpsTest#workgroupTileGemmSplitsKAndMatchesTheReference" \
  --select-method "$P.int8.QConvOpsTest#splitKGemmsAreBitExactAcrossTilesAndSlices" \
  --select-class $P.int8.FusedResidualAddTest --select-class $P.fp.ResidualAddFusionTest \
  --select-class $P.int8.QuantizedPoolOpsTest | grep -E "tests (successful|failed)|=> " | head -12
echo "=== kernel tests, split K in the workgroup (this build)"
kernel_tests 150 \
  --select-method "$P.int8.QConvOpsTest#splitKGemmsAreBitExactAcrossTilesAndSlices" \
  --select-class $P.int8.FusedResidualAddTest --select-class $P.int8.QConvImplicitIm2colTest \
  | grep -E "tests (successful|failed)|=> " | head -12
Q=/tmp/r50/resnet50-int8-qdq.onnx
bench_rows "int8 this" "$g/lib/*" $Q 1,32
bench_rows "int8 lanes" "$L:$g/lib/*" $Q 1,32
DJL_VULKAN_IM2COL=implicit bench_rows "int8 implicit im2col" "$g/lib/*" $Q 1,32
DJL_VULKAN_SPLIT_K=workgroup bench_rows "int8 workgroup split" "$g/lib/*" $Q 1,32
bench_rows "mobilenetv2 this" "$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 1
bench_rows "mobilenetv2 lanes" "$L:$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 1
DJL_VULKAN_SPLIT_K=workgroup bench_rows "mobilenetv2 workgroup split" "$g/lib/*" \
  "$g/mobilenetv2-12-int8.onnx" 1
bench_rows "int8 this, second round" "$g/lib/*" $Q 1,32
PHASES=1 bench_rows "int8 host input" "$g/lib/*" $Q 1,32,256
PHASES=1 bench_rows "int8 device input" "$g/lib/*" $Q 1,32,256 --input-on-device
