#!/bin/bash
# Session 22: inputs in device memory (bench --input-on-device, VkNDManager.toDeviceMemory) against
# inputs written from the host, ResNet50 int8 at batch 1, 32 and 256 and the fp16 mode at 1 and 256,
# two interleaved rounds, with the phase table (upload, GPU span, wait) of each. Run with carry
# [".gpu"] and "bash .gpu/device-input.sh".
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
run() { # LABEL MODEL BATCHES [bench options...]
  echo "=== $1"
  local model=$2 batches=$3
  shift 3
  timeout 120 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model "$model" --batch "$batches" \
    --warmup 20 --iterations 40 --peer none "$@" 2>&1 \
    | sed -n '/^device:/p; /^| batch | median ms/,$p'
}
for r in 1 2; do
  run "int8 host input r$r" /tmp/r50/resnet50-int8-qdq.onnx 1,32,256
  run "int8 device input r$r" /tmp/r50/resnet50-int8-qdq.onnx 1,32,256 --input-on-device
done
run "fp16 host input" "$M" 1,256 --precision fp16
run "fp16 device input" "$M" 1,256 --precision fp16 --input-on-device
