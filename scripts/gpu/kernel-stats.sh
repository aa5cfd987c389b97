#!/bin/bash
# Where the large batches lose their GPU time, in one call: the driver's statistics of every
# pipeline (DJL_VULKAN_PIPELINE_STATISTICS=on: registers and whatever else the driver reports) and
# per-node profiles of ResNet50 in the fp16 mode at batch 256, int8 at batch 256 and strict fp32 at
# batch 32, each into its own file under $OUT (stats-*.txt); a summary on stdout. DeviceTest runs
# first (its statistics test reads them back on a driver that offers them).
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"] and
# "bash .gpu/kernel-stats.sh".
set -u
. "$(dirname "$0")/setup.sh"
int8_model
echo "=== DeviceTest"
kernel_tests 60 --select-class org.djlvulkan.backend.vk.DeviceTest
profile() {
  local name=$1
  shift
  timeout 200 env DJL_VULKAN_PIPELINE_STATISTICS=on $J -cp "$g/lib/*" org.djlvulkan.cli.Main \
    bench "$@" --warmup 3 --iterations 3 --peer none --profile > "$OUT/stats-$name.txt" 2>&1
  echo "=== $name: $(grep -c 'pipeline statistics' "$OUT/stats-$name.txt") pipelines"
  grep -A3 "^| batch | median" "$OUT/stats-$name.txt" | head -4
  grep -E "^  [a-z_0-9]+ +[0-9]+ +[0-9.]+ " "$OUT/stats-$name.txt" | head -20
  grep "pipeline statistics" "$OUT/stats-$name.txt" | grep -E "gemm|conv" | sed 's/.*statistics: //' \
    | sort -u | head -12 | cut -c1-300
}
profile fp16-b256 --model "$M" --precision fp16 --batch 256 --peak-tops 989
profile int8-b256 --model $Q --batch 256 --peak-tops 1979
profile fp32-b32 --model "$M" --batch 32 --peak-tops 67
