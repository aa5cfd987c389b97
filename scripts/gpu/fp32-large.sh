#!/bin/bash
# The large-tile fp32 GEMM (gemm_large_f32) on the GPU machine: the float kernel tests, then
# ResNet50 strict fp32 at batch 1, 32 and 256 with the default choice (auto), forced everywhere
# (DJL_VULKAN_FP32_GEMM=large), the GPUs' register tiles alone (register) and the baseline build,
# interleaved (ROUNDS, default 2; SETTINGS, default "large register", the forced kernels run;
# TEST_CLASSES the kernel test classes), then a profiled run of auto at batch 32 (each kernel's TFLOPS
# against the H100's fp32 peak, 67 TFLOPS). Prepare with scripts/gpu/pack.sh BASELINE --junit;
# run with carry [".gpu"] and "bash .gpu/fp32-large.sh".
set -u
. "$(dirname "$0")/setup.sh"
echo "=== kernel tests"
tests=()
for c in ${TEST_CLASSES:-ConvOpsTest LinearOpsTest ResidualAddFusionTest ImplicitIm2colTest HalfStorageOpsTest}; do
  tests+=(--select-class "org.djlvulkan.backend.ops.fp.$c")
done
kernel_tests 240 "${tests[@]}"
for round in $(seq 1 "${ROUNDS:-2}"); do
  bench_rows "auto r$round" "$g/lib/*" $M "${BATCHES:-1,32,256}"
  bench_rows "baseline $BASE_COMMIT r$round" "$BASE_CP" $M "${BATCHES:-1,32,256}"
  for setting in ${SETTINGS-large register}; do
    DJL_VULKAN_FP32_GEMM=$setting bench_rows "$setting r$round" "$g/lib/*" $M "${BATCHES:-1,32,256}"
  done
done
echo "=== products, auto, batch 32"
timeout 120 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model $M --batch 32 \
  --warmup 3 --iterations 3 --peer none --profile --peak-tops 67 2>&1 | sed -n '/^products/,$p'
