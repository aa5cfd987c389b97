#!/bin/bash
# Prepared in session 20, not yet run: DJL_VULKAN_FENCE_WAIT=spin (a run polls its fence for up to
# 10 ms before the driver's blocking wait) against the default `block`, at batch 1 where session
# 20 saw 0.11 ms between the GPU's end and the host's ("wait beyond GPU" in bench's phase table):
# ResNet50 int8, the fp16 mode, strict fp32 and MobileNetV2 int8, two interleaved rounds, with
# the phase rows. Prepare with scripts/gpu/pack.sh BASELINE; run with carry [".gpu"].
set -u
. "$(dirname "$0")/setup.sh"
int8_model
one() { # LABEL MODEL OPTIONS...
  local label=$1 model=$2
  shift 2
  echo "=== $label"
  timeout 100 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model "$model" --batch 1 \
    --warmup 50 --iterations 200 --peer none "$@" 2>&1 | grep -E '^\| 1 \| [0-9.]+ \|'
}
for r in 1 2; do
  for w in block spin; do
    DJL_VULKAN_FENCE_WAIT=$w one "int8 $w r$r" $Q
    DJL_VULKAN_FENCE_WAIT=$w one "fp16 $w r$r" "$M" --precision fp16
    DJL_VULKAN_FENCE_WAIT=$w one "fp32 $w r$r" "$M"
    DJL_VULKAN_FENCE_WAIT=$w one "mobilenetv2 int8 $w r$r" "$g/mobilenetv2-12-int8.onnx"
  done
done
