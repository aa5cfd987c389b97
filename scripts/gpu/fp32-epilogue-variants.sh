#!/bin/bash
# fp32 ResNet50 at batch 1 and 32: GEMM epilogue variants A (current: mix/isnan clamp), C
# (compare/select clamp, same results), B (plain clamp, NaN not kept) and the baseline 8677980,
# interleaved twice; peers (ONNX Runtime CPU, PyTorch CUDA) after.
# Prepare as scripts/gpu/compare-baseline-pte.sh says, then build the two variant shaders jars:
#   edit shaders/src/main/glsl/common.glslh (djlv_clamp_nan as two mix(.., lessThan/greaterThan))
#   -> mvn -q -o install -pl shaders -DskipTests; cp shaders/target/shaders-*.jar .gpu/var/C/
#   edit gemm/gemm_tiles.glslh (plain clamp in gemm_epilogue) -> likewise into .gpu/var/B/
#   n=$(grep -n '^class Calib' ../shared/gpu/make_resnet50.py | cut -d: -f1)
#   head -n $((n-1)) ../shared/gpu/make_resnet50.py > .gpu/make_fp32.py     (the fp32 model only)
# Then: run with carry [".gpu"] and the command "bash .gpu/fp32-epilogue-variants.sh".
set -u
g=$(cd "$(dirname "$0")" && pwd)
[ -x /tmp/gpu-jre/bin/java ] || tar xJf "$g/jre.tar.xz" -C /tmp
for f in "$g"/debs/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
python3 $g/make_fp32.py > $OUT/make.log 2>&1
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
ours=$(ls $g/lib/*SNAPSHOT.jar | grep -v shaders | tr '\n' ':')
A="$g/lib/*"; B="$g/var/B/*:$ours$third"; C="$g/var/C/*:$ours$third"; BASE="$g/base/*:$third"
J="/tmp/gpu-jre/bin/java -Dorg.lwjgl.system.stackSize=1024"
for round in 1 2; do
for v in A C B BASE; do echo "=== fp32-$v"; timeout 40 $J -cp "${!v}" org.djlvulkan.cli.Main bench --model /tmp/r50/resnet50-fp32.onnx --batch 1,32 --warmup 30 --iterations 100 --peer none 2>&1 | grep '^|'; done
done
echo "=== peers"
timeout 90 python3 $g/peers.py /tmp/r50/resnet50-fp32.onnx --batch 1,8 --warmup 5 --iterations 20 2>&1 | grep -v Warning
