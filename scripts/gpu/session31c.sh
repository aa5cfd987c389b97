#!/bin/bash
# Prepared in session 31, not run (carry [".gpu"]; scripts/gpu/pack.sh 6421680 --junit), under 7
# minutes. For the build that follows session31d.sh's tests: the tiled int8 classifier on GPUs from
# 32 rows (0136729 cherry-picked back) and DJL_VULKAN_OUTPUT_MEMORY=auto as the default, besides
# session 31's depthwise stores. Runs the tests of the tiled linear and of the output placement on
# the GPU, then two interleaved rounds (ROUNDS=1 for one) of ResNet50 int8 and MobileNetV2 int8 at
# batch 1, 32 and 256, this build against 6421680, and the classifier's node at batch 256.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/session31c.log") 2>&1
MB="$g/mobilenetv2-12-int8.onnx"
echo "=== kernel tests"
kernel_tests 150 --select-class org.djlvulkan.backend.ops.int8.QuantizedLinearOpsTest \
  --select-class org.djlvulkan.backend.graph.ComputeGraphTest \
  | grep -E "tests (successful|failed)|=> |MethodSource" | head -20
for round in ${ROUNDS:-1 2}; do
  PHASES=1 bench_rows "r$round int8 this" "$g/lib/*" $Q 1,32,256
  PHASES=1 bench_rows "r$round int8 base $BASE_COMMIT" "$BASE_CP" $Q 1,32,256
  PHASES=1 bench_rows "r$round mobilenetv2 this" "$g/lib/*" "$MB" 1,32,256
  PHASES=1 bench_rows "r$round mobilenetv2 base $BASE_COMMIT" "$BASE_CP" "$MB" 1,32,256
done
BATCHES=256 profile_run prof-this "$g/lib/*" $Q
grep -E "global_avg_pool|linear" "$OUT/prof-this.txt"
