#!/bin/bash
# Session 33, one call after "bash scripts/gpu/pack.sh 0581035 --junit" at the merge of the session
# 32 branches (carry [".gpu"]): bench-alu with its chains in registers (the session-32 build kept
# them in an array, and on an H100 every kind ran at one rate), then issue 13's part of targets.sh
# (ResNet50 int8 on one and two streams, MobileNetV2 int8, against the targets) and the peers of
# the same run on the int8 file. FULL=1 runs all of targets.sh instead (fp32 and fp16 too).
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
exec > >(tee "$OUT/session33.log") 2>&1
echo "=== bench-alu"
timeout 90 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench-alu 2>&1 | grep -E "^\||device|chains"
INT8_ONLY=$([ "${FULL:-0}" = 1 ] && echo 0 || echo 1) ITERATIONS=${ITERATIONS:-40} bash "$g/targets.sh"
