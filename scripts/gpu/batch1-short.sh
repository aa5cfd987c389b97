#!/bin/bash
# Session 21, the short form of batch1-dispatches.sh for a small device budget, most important
# first: the kernel tests of the changed kernels on the GPU (split K is a GPU path), then this
# build against the baseline (pack.sh 6953116 --junit) at batch 1 (and 32 for ResNet50 int8),
# the q8ta implicit im2col as a setting, then a second round. Run with carry [".gpu"].
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend.ops
echo "=== kernel tests"
kernel_tests 150 --select-method "$P.fp.ConvOpsTest#workgroupTileGemmSplitsKAndMatchesTheReference" \
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
  rows "int8 base r$r" "$BASE_CP" $Q 1,32
  DJL_VULKAN_IM2COL=implicit rows "int8 this implicit r$r" "$g/lib/*" $Q 1,32
  rows "fp16 this r$r" "$g/lib/*" "$M" 1 --precision fp16
  rows "fp16 base r$r" "$BASE_CP" "$M" 1 --precision fp16
  rows "mobilenetv2 this r$r" "$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 1
  rows "mobilenetv2 base r$r" "$BASE_CP" "$g/mobilenetv2-12-int8.onnx" 1
done
