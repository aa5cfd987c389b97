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
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
bench() { # LABEL CLASSPATH [SETTING=VALUE]
  echo "=== $1"
  timeout 150 env ${3:-} $J -cp "$2" org.djlvulkan.cli.Main bench --model $M \
    --batch ${BATCHES:-1,32,256} --warmup 20 --iterations 30 --peer none 2>&1 \
    | grep -E '^\| (1|32|256) \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$'
}
for round in $(seq 1 "${ROUNDS:-2}"); do
  bench "auto r$round" "$g/lib/*"
  bench "baseline $(cat $g/base/COMMIT) r$round" "$g/base/*:$third"
  for setting in ${SETTINGS-large register}; do
    bench "$setting r$round" "$g/lib/*" DJL_VULKAN_FP32_GEMM=$setting
  done
done
echo "=== products, auto, batch 32"
timeout 120 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model $M --batch 32 \
  --warmup 3 --iterations 3 --peer none --profile --peak-tops 67 2>&1 | sed -n '/^products/,$p'
