#!/bin/bash
# Session 26's last GPU run (carry [".gpu"]; scripts/gpu/pack.sh 75b4936 --junit), about 2
# minutes: the cooperative-matrix and graph tests after the review's test helpers, then the fp16
# mode and strict fp32 at batch 1 with dispatches by level against the lowering's order
# (DJL_VULKAN_DISPATCH_ORDER), two interleaved rounds.
set -u
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend
exec > >(tee "$OUT/session26e.log") 2>&1
echo "=== tests"
kernel_tests 90 --select-class $P.ops.int8.QConvCoopmatTest \
  --select-class $P.ops.int8.FusedResidualAddTest --select-class $P.graph.ComputeGraphTest \
  | grep -E "tests (successful|failed)|=> |JUnit Jupiter:" | head -10
for round in 1 2; do
  for order in levels built; do
    DJL_VULKAN_DISPATCH_ORDER=$order PHASES=1 bench_rows "r$round resnet50 fp16 mode $order" \
      "$g/lib/*" $M 1 --precision fp16
    DJL_VULKAN_DISPATCH_ORDER=$order PHASES=1 bench_rows "r$round resnet50 fp32 $order" \
      "$g/lib/*" $M 1
  done
done
