#!/bin/bash
# Prepared in session 32, not run (the device tool lent no machine that session). Carry [".gpu"]
# after, at main:
#   bash scripts/gpu/pack.sh 6421680 --junit
#   scripts/gpu/variant-jar.sh s32 exp-s32 vulkan-backend
#   scripts/gpu/variant-jar.sh fastround exp-fast-round shaders
#   scripts/gpu/variant-jar.sh fastround2 exp-fast-round2 shaders
#   scripts/gpu/variant-jar.sh fmaauto exp-fma-auto vulkan-backend
# Two calls of about 7 minutes: "bash .gpu/session32.sh" (the kernel tests and round 1), then
# "TESTS=0 ROUNDS=2 PROFILES=1 bash .gpu/session32.sh" (round 2 and the profiles). The variants:
#   s32        the tiled int8 classifier on GPUs from 32 rows, DJL_VULKAN_OUTPUT_MEMORY=auto default;
#   fastround  every int8 kernel rounds by adding 1.5 * 2^23 instead of roundEven and a float-to-int
#              conversion (which NVIDIA runs at 16 per clock per SM: the suspected bottleneck);
#   fastround2 fastround with the clamp to the codes' range moved before the rounding (no integer
#              clamp after it);
#   fma        fastround2, and the quantized add (the residual GEMMs' epilogues) rounds its two
#              multiply-adds by fma() instead of in double where the device's fma() rounds once.
# First bench-alu (the rates the hypothesis rests on), then the kernel tests: main's
# FusedMultiplyAddTest prints whether fma() rounds once here; the tiled linear and output placement
# under s32; every int8 kernel test under fastround and under fma (FusedMultiplyAddTest left out:
# it expects main's auto).
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/session32.log") 2>&1
MB="$g/mobilenetv2-12-int8.onnx"
FR="$g/variants/fastround.jar"
FR2="$g/variants/fastround2.jar"
FMA="$g/variants/fastround2.jar:$g/variants/fmaauto.jar"
show='tests (successful|failed)|=> |MethodSource|fma\(\) rounds'
if [ "${TESTS:-1}" = 1 ]; then
  echo "=== bench-alu (conversions and rounding against float multiply-adds)"
  timeout 60 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench-alu 2>&1 | grep -E "^\||device"
  echo "=== kernel tests, main"
  KERNEL_JAR="" kernel_tests 120 \
    --select-class org.djlvulkan.backend.ops.int8.FusedMultiplyAddTest \
    --select-class org.djlvulkan.backend.ops.int8.QuantizedLinearOpsTest \
    --select-class org.djlvulkan.backend.graph.ComputeGraphTest | grep -E "$show" | head -20
  echo "=== kernel tests, s32"
  KERNEL_JAR="$g/variants/s32.jar" kernel_tests 120 \
    --select-class org.djlvulkan.backend.ops.int8.QuantizedLinearOpsTest \
    --select-class org.djlvulkan.backend.graph.ComputeGraphTest | grep -E "$show" | head -20
  for v in FR FMA; do
    echo "=== kernel tests, $v"
    KERNEL_JAR="${!v}" kernel_tests 200 --select-package org.djlvulkan.backend.ops.int8 \
      --exclude-classname '.*FusedMultiplyAddTest' | grep -E "$show" | head -30
  done
fi
cp_of() {
  case "$1" in
    main) echo "$g/lib/*" ;;
    s32) variant_cp s32 ;;
    fastround) echo "$FR:$g/lib/*" ;;
    fastround2) echo "$FR2:$g/lib/*" ;;
    fma) echo "$FMA:$g/lib/*" ;;
  esac
}
for round in ${ROUNDS:-1}; do
  for v in main s32 fastround fastround2 fma; do
    PHASES=1 bench_rows "r$round int8 $v" "$(cp_of $v)" $Q 1,32,256
  done
  for v in main fastround fastround2 fma; do
    PHASES=1 bench_rows "r$round mobilenetv2 $v" "$(cp_of $v)" "$MB" 1,32
  done
done
if [ "${PROFILES:-0}" = 1 ]; then
  for v in main fma; do
    BATCHES=256 profile_run "prof-$v" "$(cp_of $v)" $Q
  done
fi
