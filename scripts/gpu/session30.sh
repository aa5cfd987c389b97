#!/bin/bash
# Session 30's runs (carry [".gpu"]; scripts/gpu/pack.sh BASELINE, then
# scripts/gpu/coopmat2/build.sh), PART selects:
#   A: the VK_KHR_cooperative_matrix ceilings (ceiling.comp through Cm2Probe), and ResNet50 int8's
#      per-node profile at batch 256 with the im2col scratch (DJL_VULKAN_IM2COL=scratch) against
#      auto, to see what the implicit gathers cost the 3 x 3 GEMMs.
set -u
. "$(dirname "$0")/setup.sh"
case "${PART:-A}" in
  A)
    timeout 300 $J -cp "$g/cm2/classes:$g/lib/*" Cm2Probe "$g/cm2/spv" $(cat "$g/cm2/variants.txt") \
      2>&1 | grep -v "^flex" | tee "$OUT/ceiling.log"
    [ -n "${PROBE_ONLY:-}" ] && exit 0
    int8_model
    BATCHES=256 profile_run auto "$g/lib/*" $Q
    DJL_VULKAN_IM2COL=scratch BATCHES=256 profile_run scratch "$g/lib/*" $Q
    for f in auto scratch; do
      echo "=== $f: nodes 1 to 30"
      sed -n '/^profile/,/^products/p' "$OUT/$f.txt" | awk -F'\t' 'NR > 1 && NR < 32 {print $1, $2, $3}'
    done
    ;;
esac
