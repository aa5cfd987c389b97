#!/bin/bash
# The workgroup tiles that run on through the batches (issue 14): gemm_large (strict fp32, also
# narrowed to 64 channels for narrow GEMMs) and the fp16 mode's cooperative-matrix GEMM. The float
# kernel tests first (each forcing every GEMM kernel the device has), then ResNet50 fp32 and fp16
# mode at batch 1, 32 and 256 against the baseline, interleaved (ROUNDS, default 2), then per-kernel
# profiles at batch 32 (fp32) and 256 (fp16), this build and the baseline.
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"] and
# "bash .gpu/span-batches.sh".
set -u
. "$(dirname "$0")/setup.sh"
echo "=== kernel tests"
kernel_tests 200 --select-class org.djlvulkan.backend.ops.fp.ConvOpsTest \
  --select-class org.djlvulkan.backend.ops.fp.HalfStorageOpsTest \
  --select-class org.djlvulkan.backend.ops.fp.ResidualAddFusionTest \
  --select-class org.djlvulkan.backend.ops.fp.ImplicitIm2colTest \
  --select-class org.djlvulkan.backend.ops.fp.LinearOpsTest
for round in $(seq 1 "${ROUNDS:-2}"); do
  for precision in fp32 fp16; do
    # A model file runs as it is (strict fp32) or with --precision fp16.
    opt=""
    [ $precision = fp16 ] && opt="--precision fp16"
    bench_rows "$precision this build r$round" "$g/lib/*" "$M" "${BATCHES:-1,32,256}" $opt
    bench_rows "$precision baseline $BASE_COMMIT r$round" "$BASE_CP" "$M" "${BATCHES:-1,32,256}" $opt
  done
done
for build in this baseline; do
  cp="$g/lib/*"
  [ $build = baseline ] && cp="$BASE_CP"
  for run in "fp32 32 67" "fp16 256 989"; do
    set -- $run
    echo "=== profile, ResNet50 $1 batch $2, $build"
    opt=""
    [ $1 = fp16 ] && opt="--precision fp16"
    timeout 120 $J -cp "$cp" org.djlvulkan.cli.Main bench --model $M $opt --batch $2 \
      --warmup 3 --iterations 3 --peer none --profile --peak-tops $3 2>&1 \
      | grep -E "^  (gemm_|all)" | head -20
  done
done
