#!/bin/bash
# Session 26's fourth GPU run (carry [".gpu"]; scripts/gpu/pack.sh 75b4936 --junit), about 4
# minutes: dispatches recorded by level (DJL_VULKAN_DISPATCH_ORDER=levels, the default) against the
# lowering's order (`built`), ResNet50 int8 at batch 1 and 32 and MobileNetV2 int8 at batch 1, two
# interleaved rounds (FP16=1 adds the fp16 mode at batch 1); then the graph tests on the GPU, and targets.sh with its peers.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
V=$g/mobilenetv2-12-int8.onnx
exec > >(tee "$OUT/session26d.log") 2>&1
echo "=== graph tests"
kernel_tests 60 --select-class org.djlvulkan.backend.graph.ComputeGraphTest \
  --select-class org.djlvulkan.backend.graph.DispatchLevelsTest \
  | grep -E "tests (successful|failed)|=> |JUnit Jupiter:" | head -10
for round in 1 2; do
  for order in levels built; do
    DJL_VULKAN_DISPATCH_ORDER=$order PHASES=1 bench_rows "r$round resnet50 int8 $order" \
      "$g/lib/*" $Q 1,32
    [ "${FP16:-0}" = 1 ] && DJL_VULKAN_DISPATCH_ORDER=$order PHASES=1 \
      bench_rows "r$round resnet50 fp16 mode $order" "$g/lib/*" $M 1 --precision fp16
    DJL_VULKAN_DISPATCH_ORDER=$order PHASES=1 bench_rows "r$round mobilenetv2 int8 $order" \
      "$g/lib/*" $V 1
  done
done
ITERATIONS=40 bash "$g/targets.sh"
