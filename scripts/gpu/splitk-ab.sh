#!/bin/bash
# Issue 13's one-pass split K on the GPU machine: the q8ta kernel tests (cooperative-matrix and
# tiled GEMMs in both split forms, fused residual adds; two runs of each context) through the JUnit
# launcher, then bench of ResNet50 int8 QDQ and MobileNetV2 int8 with DJL_VULKAN_SPLIT_K=two-pass
# and one-pass in the same run, and ONNX Runtime CPU on the ResNet50 file as the peer.
# Prepare with scripts/gpu/pack.sh --junit; run with carry [".gpu"] and "bash .gpu/splitk-ab.sh".
set -u
# All three ResNet50 files at once (setup.sh then finds the fp32 one made).
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
echo "=== kernel tests"
kernel_tests 120 \
  --select-class org.djlvulkan.backend.ops.int8.QConvCoopmatTest \
  --select-class org.djlvulkan.backend.ops.int8.FusedResidualAddTest \
  --select-method org.djlvulkan.backend.ops.int8.QConvOpsTest#splitKGemmsAreBitExactAcrossTilesAndSlices
for model in /tmp/r50/resnet50-int8-qdq.onnx "$g/mobilenetv2-12-int8.onnx"; do
  for form in two-pass one-pass; do
    echo "=== $(basename $model) $form"
    DJL_VULKAN_SPLIT_K=$form timeout 60 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench \
      --model "$model" --batch 1,32 --warmup 20 --iterations ${ITERATIONS:-100} --peer none --targets "$g/targets.json" 2>&1 \
      | grep -E '^\| (1|32) ' | head -8
  done
done
echo "=== ONNX Runtime CPU (peer)"
timeout 60 python3 "$g/peers.py" /tmp/r50/resnet50-int8-qdq.onnx --batch 1,32 --iterations 20 \
  --ort-only 2>&1 | grep -E "^\|" | head -6
