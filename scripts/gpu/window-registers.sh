#!/bin/bash
# What session 17 could not measure on a GPU, in one call: the window kernels with their
# accumulators in registers (conv2d_direct, q8ta_conv2d, q8ta_conv2d_dw) and the shared-tile GEMM's
# thresholds after its register fix. Kernel tests first (ConvOpsTest, QConvOpsTest), then this build
# against the baseline, interleaved (ROUNDS, default 2): ResNet50 fp32 strict at batch 1 (direct
# windows), MobileNetV2 int8 at 1 and 32 (int8 depthwise), ResNet50 int8 at 1 (the stem); then
# ResNet50 fp32 at batch 32 profiled with the default kernels and with DJL_VULKAN_FP32_GEMM=shared,
# to compare the 7 x 7 layers' GEMMs on register and on shared tiles per dispatch.
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"] and
# "bash .gpu/window-registers.sh".
set -u
. "$(dirname "$0")/setup.sh"
int8_model
echo "=== kernel tests"
kernel_tests 120 --select-class org.djlvulkan.backend.ops.fp.ConvOpsTest \
  --select-class org.djlvulkan.backend.ops.int8.QConvOpsTest
for round in $(seq 1 "${ROUNDS:-2}"); do
  for m in "$M 1" "$g/mobilenetv2-12-int8.onnx 1,32" "$Q 1"; do
    set -- $m
    bench_rows "$(basename "$1") this build r$round" "$g/lib/*" "$1" "$2"
    bench_rows "$(basename "$1") baseline $BASE_COMMIT r$round" "$BASE_CP" "$1" "$2"
  done
done
for setting in auto shared; do
  echo "=== profile, ResNet50 fp32 batch 32, DJL_VULKAN_FP32_GEMM=$setting"
  timeout 120 env DJL_VULKAN_FP32_GEMM=$setting $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench \
    --model $M --batch 32 --warmup 3 --iterations 3 --peer none --profile --peak-tops 67 2>&1 \
    | grep -E "gemm_|products" | head -80
done
