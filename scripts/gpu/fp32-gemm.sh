#!/bin/bash
# fp32 ResNet50 on the GPU machine: the two fp32 GEMM kernels of this build (DJL_VULKAN_FP32_GEMM
# register / shared) and the baseline build, interleaved, at batch 1 and 32, ONNX Runtime CPU in
# the same bench run; then a per-node profile of the shared-tile build at batch 1.
# Prepare with scripts/gpu/pack.sh; run with carry [".gpu"] and "bash .gpu/fp32-gemm.sh".
set -u
g=$(cd "$(dirname "$0")" && pwd)
[ -x /tmp/gpu-jre/bin/java ] || tar xJf "$g/jre.tar.xz" -C /tmp
for f in "$g"/debs/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f /tmp/r50/resnet50-fp32.onnx ] || python3 $g/make_fp32.py > $OUT/make.log 2>&1
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
CUR="$g/lib/*"; BASE="$g/base/*:$third"
J="/tmp/gpu-jre/bin/java -Dorg.lwjgl.system.stackSize=1024"
M=/tmp/r50/resnet50-fp32.onnx
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
for round in 1 2; do
  for v in register shared base; do
    cp="$CUR"; [ $v = base ] && cp="$BASE"
    echo "=== $v round $round"
    DJL_VULKAN_FP32_GEMM=$([ $v = base ] && echo auto || echo $v) timeout 120 $J -cp "$cp" \
      org.djlvulkan.cli.Main bench --model $M --batch 1,32 --warmup 30 --iterations 40 \
      --peer $([ $round = 1 ] && echo ort || echo none) 2>&1 | grep -E '^\| (1|32) ' | head -4
  done
done
echo "=== profile shared b1"
DJL_VULKAN_FP32_GEMM=shared timeout 120 $J -cp "$CUR" org.djlvulkan.cli.Main bench --model $M \
  --batch 1 --warmup 10 --iterations 10 --peer none --profile 2>&1 | tail -40
