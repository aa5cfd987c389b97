#!/bin/bash
# Session 32, one call of about 6 minutes (carry [".gpu"]; scripts/gpu/pack.sh 6421680 --junit,
# then scripts/gpu/variant-jar.sh s32 exp-s32 vulkan-backend). exp-s32 is main with the tiled int8
# classifier on GPUs from 32 rows (0136729 again) and DJL_VULKAN_OUTPUT_MEMORY=auto as the default.
# Runs the tests of the tiled linear and of the output placement on the GPU with main's jars and
# with the variant's, then interleaved rounds (ROUNDS, default "1 2") of ResNet50 int8 and
# MobileNetV2 int8 at batch 1, 32 and 256: main against the variant.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/session32.log") 2>&1
MB="$g/mobilenetv2-12-int8.onnx"
V=$(variant_cp s32)
for jars in "" "$g/variants/s32.jar"; do
  echo "=== kernel tests ${jars:-main}"
  KERNEL_JAR=$jars kernel_tests 150 \
    --select-class org.djlvulkan.backend.ops.int8.QuantizedLinearOpsTest \
    --select-class org.djlvulkan.backend.graph.ComputeGraphTest \
    | grep -E "tests (successful|failed)|=> |MethodSource" | head -20
done
for round in ${ROUNDS:-1 2}; do
  PHASES=1 bench_rows "r$round int8 main" "$g/lib/*" $Q 1,32,256
  PHASES=1 bench_rows "r$round int8 s32" "$V" $Q 1,32,256
  PHASES=1 bench_rows "r$round mobilenetv2 main" "$g/lib/*" "$MB" 1,32,256
  PHASES=1 bench_rows "r$round mobilenetv2 s32" "$V" "$MB" 1,32,256
done
