#!/bin/bash
# The q8ta dot-path GEMM with its accumulators in registers, on the GPU machine: the int8 kernel
# tests, then ResNet50 int8 QDQ (batch 1, 32, 256), MobileNetV2 int8 (1, 32) and ResNet50 in the
# fp16 mode (1), this build against the baseline, one round. Prepare with scripts/gpu/pack.sh
# BASELINE --junit; run with carry [".gpu"] and "bash .gpu/int8-registers.sh".
set -u
. "$(dirname "$0")/setup.sh"
int8_model
echo "=== kernel tests"
kernel_tests 100 --select-class org.djlvulkan.backend.ops.int8.QConvOpsTest \
  --select-class org.djlvulkan.backend.ops.int8.FusedResidualAddTest
for m in "$Q 1,32,256" "$g/mobilenetv2-12-int8.onnx 1,32"; do
  set -- $m
  bench_rows "$(basename "$1") this build" "$g/lib/*" "$1" "$2"
  bench_rows "$(basename "$1") baseline $BASE_COMMIT" "$BASE_CP" "$1" "$2"
done
bench_rows "resnet50 fp16 mode this build" "$g/lib/*" $M 1 --precision fp16
bench_rows "resnet50 fp16 mode baseline" "$BASE_CP" $M 1 --precision fp16
