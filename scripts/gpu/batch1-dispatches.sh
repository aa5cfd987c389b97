#!/bin/bash
# Session 21: batch 1's dispatches. This build against a baseline (scripts/gpu/pack.sh BASELINE
# --junit; the session's baseline is 6953116, the polling fence wait on by default): the split-K
# reduce passes with four lanes per output (q8ta_gemm_reduce, gemm_split_reduce), the int8
# classifier heads without relayouts (ResNet50: the QDQ Flatten moves codes, the pool writes 4C1W;
# MobileNetV2: its bias add on the int8 kernel). First the kernel tests of the changed kernels on
# the GPU (split K is a GPU path: lavapipe's plans do not split), then two interleaved rounds of
# bench with the phase rows (GPU span, dispatches) at batch 1 (and 32 for ResNet50 int8), the
# implicit im2col as a setting, then one profiled batch-1 run of each build for the reduce passes'
# times; the implicit im2col also at batch 32 and 256. Run with carry [".gpu"]: bash .gpu/batch1-dispatches.sh
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend.ops
echo "=== kernel tests"
kernel_tests 200 --select-method "$P.fp.ConvOpsTest#workgroupTileGemmSplitsKAndMatchesTheReference" \
  --select-method "$P.int8.QConvOpsTest#splitKGemmsAreBitExactAcrossTilesAndSlices" \
  --select-class $P.int8.FusedResidualAddTest --select-class $P.fp.ResidualAddFusionTest \
  --select-class $P.fp.HalfStorageOpsTest --select-class $P.int8.QuantizedPoolOpsTest \
  --select-class $P.int8.QConvCoopmatTest | grep -E "tests (successful|failed)|=> " | head -12
Q=/tmp/r50/resnet50-int8-qdq.onnx
echo "=== bench-dispatch (the cost of one dependent dispatch)"
timeout 60 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench-dispatch 2>&1 | grep -v INFO | tail -8
rows() { # LABEL CLASSPATH MODEL BATCHES [bench options...]: both tables' rows
  echo "=== $1"
  local cp=$2 model=$3 batches=$4
  shift 4
  timeout 150 $J -cp "$cp" org.djlvulkan.cli.Main bench --model "$model" --batch "$batches" \
    --warmup 30 --iterations 60 --peer none "$@" 2>&1 | grep -E '^\| (1|32|256) \| [0-9.]+ \|'
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
# The q8ta implicit im2col at batch 256 too (19 im2col passes took 13% of batch 32's GPU span in
# session 20's profile).
rows "int8 this b256" "$g/lib/*" $Q 256
DJL_VULKAN_IM2COL=implicit rows "int8 this implicit b256" "$g/lib/*" $Q 256
for b in this base; do
  cp="$g/lib/*"
  [ $b = base ] && cp=$BASE_CP
  BATCHES=1 profile_run "int8-b1-$b" "$cp" $Q > /dev/null
  echo "=== int8 batch 1 $b: dispatches by kernel (count, us)"
  grep -E "^\s+[0-9]+ " "$OUT/int8-b1-$b.txt" | awk '{n[$3]++; t[$3]+=$4} END {for (k in n) printf "  %-36s %3d %8.1f\n", k, n[k], t[k]}' | sort -k3 -nr | head -8
done
