#!/bin/bash
# Session 21, prepared for the next device time (this session's ran out before a machine came):
# batch 1's changes on the GPU, most important first.
#  - The split-K reduce passes with lanes (four invocations per output, each adding every fourth
#    slice in four sums; commits 8eab1d3 and 5cca867, off main until measured), as variant jars:
#      scripts/gpu/variant-jar.sh lanes-shaders 5cca867 shaders \
#        shaders/src/main/glsl/qconv/q8_gemm_reduce.comp shaders/src/main/glsl/gemm/gemm_split_reduce.comp
#      scripts/gpu/variant-jar.sh lanes-backend 5cca867 vulkan-backend \
#        vulkan-backend/src/main/java/org/djlvulkan/backend/ops/int8/QConvOps.java \
#        vulkan-backend/src/main/java/org/djlvulkan/backend/ops/fp/TiledGemm.java
#    Their kernel tests on the GPU first (split K is a GPU path: lavapipe's plans do not split).
#  - This build (the int8 classifier heads without relayouts) against the baseline (pack.sh
#    6953116 --junit: the polling fence wait already on), and the q8ta implicit im2col as a setting.
# Two rounds at batch 1 (and 32 for ResNet50 int8). Run with carry [".gpu"].
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend.ops
L="$g/variants/lanes-shaders.jar:$g/variants/lanes-backend.jar"
echo "=== kernel tests, reduce lanes"
KERNEL_JAR=$L kernel_tests 150 \
  --select-method "$P.fp.ConvOpsTest#workgroupTileGemmSplitsKAndMatchesTheReference" \
  --select-method "$P.int8.QConvOpsTest#splitKGemmsAreBitExactAcrossTilesAndSlices" \
  --select-class $P.int8.FusedResidualAddTest --select-class $P.fp.ResidualAddFusionTest \
  --select-class $P.int8.QuantizedPoolOpsTest | grep -E "tests (successful|failed)|=> " | head -12
Q=/tmp/r50/resnet50-int8-qdq.onnx
rows() { # LABEL CLASSPATH MODEL BATCHES [bench options...]: both tables' rows
  echo "=== $1"
  local cp=$2 model=$3 batches=$4
  shift 4
  timeout 100 $J -cp "$cp" org.djlvulkan.cli.Main bench --model "$model" --batch "$batches" \
    --warmup 20 --iterations 60 --peer none "$@" 2>&1 | grep -E '^\| (1|32|256) \| [0-9.]+ \|'
}
for r in 1 2; do
  rows "int8 this r$r" "$g/lib/*" $Q 1,32
  rows "int8 lanes r$r" "$L:$g/lib/*" $Q 1,32
  rows "int8 base r$r" "$BASE_CP" $Q 1,32
  DJL_VULKAN_IM2COL=implicit rows "int8 this implicit r$r" "$g/lib/*" $Q 1,32
  rows "fp16 this r$r" "$g/lib/*" "$M" 1 --precision fp16
  rows "fp16 lanes r$r" "$L:$g/lib/*" "$M" 1 --precision fp16
  rows "mobilenetv2 this r$r" "$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 1
  rows "mobilenetv2 base r$r" "$BASE_CP" "$g/mobilenetv2-12-int8.onnx" 1
done
