#!/bin/bash
# The fp16 mode's tensor-core GEMM (gemm_coopmat_f16) on the GPU machine: the kernel tests
# (HalfStorageOpsTest with the cooperative-matrix GEMM, and the fp32 GEMM tests) through the JUnit
# launcher, ResNet50 fp16 against fp32 on one input, and bench of the fp16 mode with and without
# cooperative matrices (DJL_VULKAN_COOPMAT=off), fp32, and the baseline build's fp32, interleaved.
# Prepare with scripts/gpu/pack.sh --junit; run with carry [".gpu"] and "bash .gpu/fp16-coopmat.sh".
set -u
. "$(dirname "$0")/setup.sh"
echo "=== kernel tests"
kernel_tests 240 \
  --select-class org.djlvulkan.backend.ops.fp.HalfStorageOpsTest \
  --select-class org.djlvulkan.backend.ops.fp.ConvOpsTest \
  --select-class org.djlvulkan.backend.ops.fp.LinearOpsTest
echo "=== ResNet50 fp16 (tensor cores) and fp32 on one input"
for p in fp32 fp16; do
  timeout 60 $J -cp "$g/lib/*" org.djlvulkan.cli.Main run $M --input $g/input_0.pb \
    --output /tmp/out-$p.pb --precision $p 2>&1 | tail -1
done
python3 $g/compare_pb.py /tmp/out-fp16.pb /tmp/out-fp32.pb
DJL_VULKAN_COOPMAT=off timeout 60 $J -cp "$g/lib/*" org.djlvulkan.cli.Main run $M \
  --input $g/input_0.pb --output /tmp/out-fp16s.pb --precision fp16 2>&1 | tail -1
python3 $g/compare_pb.py /tmp/out-fp16s.pb /tmp/out-fp32.pb
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
bench() { # LABEL COOPMAT EXTRA-OPTIONS [CLASSPATH]
  echo "=== $1"
  DJL_VULKAN_COOPMAT=$2 timeout 150 $J -cp "${4:-$g/lib/*}" org.djlvulkan.cli.Main bench --model $M \
    --batch 1,32,256 --warmup 20 --iterations 30 --peer none $3 2>&1 \
    | grep -E '^\| (1|32|256) ' | head -6
}
for round in 1 2; do
  bench "fp16 coopmat r$round" auto "--precision fp16"
  bench "fp16 shared r$round" off "--precision fp16"
  bench "fp32 r$round" auto ""
  bench "baseline 8677980 fp32 r$round" auto "" "$g/base/*:$third"
done
echo "=== profile fp16 coopmat b1 (kernels by total time)"
timeout 120 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model $M --batch 1 --warmup 10 \
  --iterations 10 --peer none --profile --precision fp16 2>&1 | sed -n '/^profile/,$p' | sed '/^products/,$d' \
  | awk 'NF>=4 {t[$3]+=$4; n[$3]++} END {for (k in t) printf "%-28s %4d %9.1f us\n", k, n[k], t[k]}' \
  | sort -k3 -rn | head -12
