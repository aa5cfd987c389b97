#!/bin/bash
# Where issues 13 and 14 stand on the GPU machine, in one call: bench of every model a target names
# (ResNet50 int8 QDQ at batch 1, 32 and 256; MobileNetV2 int8 at 1 and 32; ResNet50 fp32 strict at
# 1 and 32 and in the fp16 mode at 1 and 256) with --targets, so each figure prints as a percentage
# of its target (throughput on one stream and on two), then the peers of the same run (peers.py: PyTorch fp32 and fp16 channels-last,
# eager and CUDA graph; ONNX Runtime CPU at small batches). Prepare with scripts/gpu/pack.sh; run
# with carry [".gpu"] and "bash .gpu/targets.sh" (ITERATIONS, default 60). INT8_ONLY=1 runs issue
# 13's part alone: the int8 models, and the peers on the int8 file. PEER_OPTS adds peers.py options
# (--ort-only: ONNX Runtime alone, when device time is short).
set -u
# All three ResNet50 files at once (setup.sh then finds the fp32 one made).
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
bench() { # MODEL BATCHES EXTRA-OPTIONS
  echo "=== $(basename "$1") $3, batch $2"
  # shellcheck disable=SC2086
  timeout 150 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model "$1" --batch "$2" \
    --warmup 20 --iterations "${ITERATIONS:-60}" --peer none --targets "$g/targets.json" $3 2>&1 \
    | sed -n '/^device:/p; /^| batch | median ms/,/^where/p; /^against the targets/,$p' | grep -v '^where\|^json'
}
# --streams 2: the throughput targets also against two streams (one batch's upload and readback
# overlapping the other's GPU work; bench prints both).
bench /tmp/r50/resnet50-int8-qdq.onnx 1,32,256 "--streams 2"
bench "$g/mobilenetv2-12-int8.onnx" 1,32 ""
peer_models=/tmp/r50/resnet50-int8-qdq.onnx
if [ "${INT8_ONLY:-0}" != 1 ]; then
  bench /tmp/r50/resnet50-fp32.onnx 1,32 "--streams 2"
  bench /tmp/r50/resnet50-fp32.onnx 1,256 "--precision fp16 --streams 2"
  peer_models=$peer_models,/tmp/r50/resnet50-fp32.onnx
fi
echo "=== peers (same machine, same run)"
# shellcheck disable=SC2086
timeout 240 python3 "$g/peers.py" "$peer_models" --batch 1,32,256 --iterations 20 \
  --ort-max-batch 32 ${PEER_OPTS:-} 2>&1 | grep -E "^\|" | head -24
