#!/bin/bash
# A/B of the fp16 mode's tensor-core GEMM: this build against the build packed as the baseline
# (scripts/gpu/pack.sh COMMIT), after this build's kernel tests on the GPU; ResNet50 fp16 at batch
# 1, 32 and 256, two interleaved rounds. Carry [".gpu"] with .gpu/junit as fp16-coopmat.sh says.
set -u
g=$(cd "$(dirname "$0")" && pwd)
[ -x /tmp/gpu-jre/bin/java ] || tar xJf "$g/jre.tar.xz" -C /tmp
for f in "$g"/debs/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f /tmp/r50/resnet50-fp32.onnx ] || python3 $g/make_fp32.py > $OUT/make.log 2>&1
J="/tmp/gpu-jre/bin/java -Dorg.lwjgl.system.stackSize=1024"
M=/tmp/r50/resnet50-fp32.onnx
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
echo "=== kernel tests (this build)"
timeout 200 $J -cp "$g/junit/*:$g/lib/*" org.djlvulkan.gpu.RunTests \
  org.djlvulkan.backend.ops.HalfStorageOpsTest 2>&1 | grep -E "tests (successful|failed)|=>|Method|expected" | head -20
for p in fp32 fp16; do
  timeout 60 $J -cp "$g/lib/*" org.djlvulkan.cli.Main run $M --input $g/input_0.pb \
    --output /tmp/out-$p.pb --precision $p 2>&1 | tail -1
done
python3 $g/compare_pb.py /tmp/out-fp16.pb /tmp/out-fp32.pb
for round in 1 2; do
  for v in current baseline; do
    cp="$g/lib/*"; [ $v = baseline ] && cp="$g/base/*:$third"
    echo "=== fp16 $v ($(cat $g/base/COMMIT 2>/dev/null) is the baseline) r$round"
    timeout 150 $J -cp "$cp" org.djlvulkan.cli.Main bench --model $M --batch 1,32,256 \
      --warmup 20 --iterations 30 --peer none --precision fp16 2>&1 | grep -E '^\| (1|32|256) ' | head -6
  done
done
