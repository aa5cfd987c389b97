#!/bin/bash
# The one question of session 22 that fits about 3 minutes of device time: ResNet50 int8 and
# MobileNetV2 int8 at batch 1 with the default two-pass split K against the split K in the
# workgroup (DJL_VULKAN_SPLIT_K=workgroup), interleaved. Run with carry [".gpu"].
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
Q=/tmp/r50/resnet50-int8-qdq.onnx
rows() { # LABEL MODEL: batch 1, bench's rows
  echo "=== $1"
  timeout 40 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model "$2" --batch 1 \
    --warmup 10 --iterations 40 --peer none 2>&1 | grep -E '^device|^\| 1 \|'
}
rows "int8 two-pass" $Q
DJL_VULKAN_SPLIT_K=workgroup rows "int8 workgroup" $Q
rows "mobilenetv2 two-pass" "$g/mobilenetv2-12-int8.onnx"
DJL_VULKAN_SPLIT_K=workgroup rows "mobilenetv2 workgroup" "$g/mobilenetv2-12-int8.onnx"
DJL_VULKAN_SPLIT_K=workgroup rows "int8 workgroup r2" $Q
rows "int8 two-pass r2" $Q
