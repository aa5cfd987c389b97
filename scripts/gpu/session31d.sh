#!/bin/bash
# Prepared in session 31, not run (carry [".gpu"]; scripts/gpu/pack.sh 6421680 --junit at main):
# session31c.sh at its shortest, about 2.5 minutes: the tests of the tiled int8 linear and of the
# output placement on the GPU, then this build against the baseline at batch 256 (ResNet50 int8)
# and 32 (MobileNetV2 int8).
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/session31d.log") 2>&1
echo "=== kernel tests"
kernel_tests 100 --select-class org.djlvulkan.backend.ops.int8.QuantizedLinearOpsTest \
  --select-class org.djlvulkan.backend.graph.ComputeGraphTest \
  | grep -E "tests (successful|failed)|=> |MethodSource" | head -20
PHASES=1 bench_rows "int8 this" "$g/lib/*" $Q 256
PHASES=1 bench_rows "int8 base $BASE_COMMIT" "$BASE_CP" $Q 256
PHASES=1 bench_rows "mobilenetv2 this" "$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 32
PHASES=1 bench_rows "mobilenetv2 base $BASE_COMMIT" "$BASE_CP" "$g/mobilenetv2-12-int8.onnx" 32
