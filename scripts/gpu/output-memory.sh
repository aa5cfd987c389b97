#!/bin/bash
# Prepared in session 30, ran in session 31 (cut to one round by session31.sh; carry [".gpu"]; scripts/gpu/pack.sh BASELINE, then
# scripts/gpu/prepared-variants.sh for the jar lt2-backend), about 4 minutes. Graph outputs live in
# the host-visible readback buffers, which on a discrete GPU are system memory across the bus, and
# the last kernel writes them there: ResNet50 int8's classifier took 330-340 us at batch 256 in
# every form tried (the GEMV, 8 rows per workgroup, a tiled kernel at 552 us, a GEMV returning at
# once 40 us; sessions 28 to 30), which those writes would explain. DJL_VULKAN_OUTPUT_MEMORY=device
# writes the outputs in device memory and copies them at the end of the run. Measured: this build
# mapped and device, and branch exp-linear-tiled2 (GPUs take the tiled linear from 32 rows on)
# under both, two interleaved rounds of ResNet50 int8 and MobileNetV2 int8 at batch 1, 32 and 256
# with the phase rows, then per-node profiles at batch 1 and 256 (the last nodes printed).
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/output-memory.log") 2>&1
LT="$g/variants/lt2-backend.jar:$g/lib/*"
for round in 1 2; do
  for mem in mapped device; do
    DJL_VULKAN_OUTPUT_MEMORY=$mem PHASES=1 bench_rows "r$round int8 this $mem" "$g/lib/*" $Q 1,32,256
    DJL_VULKAN_OUTPUT_MEMORY=$mem PHASES=1 bench_rows "r$round int8 lt2 $mem" "$LT" $Q 32,256
    DJL_VULKAN_OUTPUT_MEMORY=$mem PHASES=1 bench_rows "r$round mobilenetv2 this $mem" "$g/lib/*" \
      "$g/mobilenetv2-12-int8.onnx" 1,32
  done
done
for mem in mapped device; do
  DJL_VULKAN_OUTPUT_MEMORY=$mem BATCHES=1,256 profile_run prof-this-$mem "$g/lib/*" $Q
  DJL_VULKAN_OUTPUT_MEMORY=$mem BATCHES=256 profile_run prof-lt2-$mem "$LT" $Q
  grep -E "global_avg_pool|linear" "$OUT/prof-this-$mem.txt" "$OUT/prof-lt2-$mem.txt"
done
