#!/bin/bash
# Session 23: where the split K in the workgroup wins and loses at batch 1 (--profile, one file per
# setting in $OUT): ResNet50 int8 and MobileNetV2 int8 with the two-pass and the workgroup split,
# and ResNet50 int8 without cooperative matrices in both forms. About 2 minutes; carry [".gpu"].
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
Q=/tmp/r50/resnet50-int8-qdq.onnx
V=$g/mobilenetv2-12-int8.onnx
export BATCHES=1
for s in two-pass workgroup; do
  DJL_VULKAN_SPLIT_K=$s profile_run "r50-$s" "$g/lib/*" $Q
  DJL_VULKAN_SPLIT_K=$s profile_run "mnv2-$s" "$g/lib/*" $V
  DJL_VULKAN_SPLIT_K=$s DJL_VULKAN_COOPMAT=off profile_run "r50-$s-nocm" "$g/lib/*" $Q
done
