#!/bin/bash
# ResNet50 fp32 file on the GPU machine (issue 14): the two fp32 GEMM kernels of this build
# (DJL_VULKAN_FP32_GEMM register / shared), the fp16 precision mode, and the baseline build,
# interleaved over two rounds at batch 1 and 32 (plus 256 for shared, auto and fp16); per-node
# profiles of shared and fp16 at batch
# 1; the fp32 convolution kernels per ResNet50 shape (bench-ops) with either GEMM; then the
# PyTorch peers (fp32, fp16 channels-last, eager and CUDA graph).
# Prepare with scripts/gpu/pack.sh; run with carry [".gpu"] and "bash .gpu/fp32-gemm.sh".
set -u
. "$(dirname "$0")/setup.sh"
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
CUR="$g/lib/*"; BASE="$g/base/*:$third"
bench() { # LABEL CLASSPATH GEMM BATCHES PEER [EXTRA...]
  local label=$1 cp=$2 gemm=$3 batches=$4 peer=$5; shift 5
  echo "=== $label"
  DJL_VULKAN_FP32_GEMM=$gemm timeout 150 $J -cp "$cp" org.djlvulkan.cli.Main bench --model $M \
    --batch $batches --warmup 20 --iterations 30 --peer $peer "$@" 2>&1 \
    | grep -E '^\| (1|32|256) ' | head -8
}
# CONFIGS (default all): register shared auto fp16 base; QUICK=1 skips profiles, bench-ops, peers.
configs=${CONFIGS:-register shared auto fp16 base}
# The ONNX Runtime jars are not packed (.gpu/lib): its CPU figures come from peers.py.
peer=none
for round in 1 2; do
  for c in $configs; do
    case $c in
      register) bench "register r$round" "$CUR" register 1,32 $peer ;;
      shared) bench "shared r$round" "$CUR" shared 1,32,256 $peer ;;
      auto) bench "auto r$round" "$CUR" auto 1,32,256 $peer ;;
      fp16) bench "fp16 r$round" "$CUR" auto 1,32,256 $peer --precision fp16 ;;
      base) bench "base r$round" "$BASE" auto 1,32 $peer ;;
    esac
  done
done
[ "${QUICK:-0}" = 1 ] && exit 0
for mode in shared fp16; do
  echo "=== profile $mode b1"
  extra=(); [ $mode = fp16 ] && extra=(--precision fp16)
  DJL_VULKAN_FP32_GEMM=$([ $mode = shared ] && echo shared || echo auto) timeout 120 $J -cp "$CUR" \
    org.djlvulkan.cli.Main bench --model $M --batch 1 --warmup 10 --iterations 10 --peer none \
    --profile "${extra[@]}" 2>&1 | sed -n '/^profile/,$p' | sed '/^products/,$d' | awk 'NF>=4' | sort -t'|' -k5 -rn | head -25
done
for gemm in shared register; do
  echo "=== bench-ops fp32, $gemm GEMM"
  DJL_VULKAN_FP32_GEMM=$gemm timeout 150 $J -cp "$CUR" org.djlvulkan.cli.Main bench-ops \
    --warmup 5 --iterations 20 2>&1 | grep '^|' | head -40
done
echo "=== peers"
timeout 200 python3 $g/peers.py $M --batch 1,32,256 --ort-max-batch 32 --warmup 5 --iterations 20 2>&1 | grep '^|'
