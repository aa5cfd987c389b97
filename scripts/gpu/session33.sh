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
if [ "${FULL:-0}" = 1 ]; then
  ITERATIONS=${ITERATIONS:-40} bash "$g/targets.sh"
  exit 0
fi
bench() { # MODEL BATCHES EXTRA-OPTIONS (as targets.sh)
  echo "=== $(basename "$1") $3, batch $2"
  # shellcheck disable=SC2086
  timeout 150 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model "$1" --batch "$2" \
    --warmup 20 --iterations "${ITERATIONS:-40}" --peer none --targets "$g/targets.json" $3 2>&1 \
    | sed -n '/^device:/p; /^| batch | median ms/,/^where/p; /^against the targets/,$p' | grep -v '^where\|^json'
}
bench /tmp/r50/resnet50-int8-qdq.onnx 1,32,256 "--streams 2"
bench "$g/mobilenetv2-12-int8.onnx" 1,32 ""
echo "=== peers (same machine, same run)"
timeout 200 python3 "$g/peers.py" /tmp/r50/resnet50-int8-qdq.onnx --batch 1,32,256 \
  --iterations 20 --ort-max-batch 32 2>&1 | grep -E "^\|" | head -16
