#!/bin/bash
# Issue 14 on the GPU machine: the float residual add in its convolution's last pass and the
# implicit im2col GEMM. The kernel tests first (JUnit launcher: the fused add, the implicit GEMM
# with the cooperative-matrix kernel, the fp16 and fp32 convolution tests), then ResNet50 fp32
# strict and in the fp16 mode at batch 1, 32 and 256, interleaved: this build (with --targets),
# this build with DJL_VULKAN_IM2COL=implicit (the fused add and the implicit GEMM), and the
# baseline build; a
# per-kernel profile of fp16 at batch 1; ONNX Runtime CPU on the same file (peers.py --ort-only).
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"] and
# "bash .gpu/float-fusion.sh" (ROUNDS, default 2; TESTS=0 skips the kernel tests).
set -u
. "$(dirname "$0")/setup.sh"
if [ "${TESTS:-1}" = 1 ]; then
  echo "=== kernel tests"
  kernel_tests 150 \
    --select-class org.djlvulkan.backend.ops.fp.ResidualAddFusionTest \
    --select-class org.djlvulkan.backend.ops.fp.ImplicitIm2colTest \
    --select-class org.djlvulkan.backend.ops.fp.HalfStorageOpsTest \
    --select-class org.djlvulkan.backend.ops.fp.ConvOpsTest
fi
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
bench() { # LABEL IM2COL CLASSPATH EXTRA...
  local label=$1 im2col=$2 cp=$3
  shift 3
  echo "=== $label"
  DJL_VULKAN_IM2COL=$im2col timeout 150 $J -cp "$cp" org.djlvulkan.cli.Main bench --model $M \
    --batch 1,32,256 --warmup 20 --iterations 30 --peer none "$@" 2>&1 \
    | grep -E '^\| (1|32|256) |^\| .*% ' | head -12
}
for round in $(seq 1 "${ROUNDS:-2}"); do
  for precision in fp32 fp16; do
    # A model file runs as it is (fp32) or with --precision fp16; the CLI refuses fp32 for a file.
    mode=()
    [ "$precision" = fp16 ] && mode=(--precision fp16)
    bench "$precision current r$round" scratch "$g/lib/*" "${mode[@]}" --targets "$g/targets.json"
    bench "$precision current, im2col implicit r$round" implicit "$g/lib/*" "${mode[@]}"
    bench "$precision baseline $(cat $g/base/COMMIT) r$round" scratch "$g/base/*:$third" \
      "${mode[@]}"
  done
done
echo "=== profile fp16 b1, im2col implicit (kernels by total time)"
DJL_VULKAN_IM2COL=implicit timeout 120 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model $M --batch 1 --warmup 10 \
  --iterations 10 --peer none --profile --precision fp16 2>&1 | sed -n '/^profile/,$p' | sed '/^products/,$d' \
  | awk 'NF>=4 {t[$3]+=$4; n[$3]++} END {for (k in t) printf "%-28s %4d %9.1f us\n", k, n[k], t[k]}' \
  | sort -k3 -rn | head -14
echo "=== ONNX Runtime CPU (same machine, same run)"
timeout 200 python3 "$g/peers.py" $M --batch 1,32 --iterations 10 --ort-only 2>&1 | grep -E '^\|'
