#!/bin/bash
# Session 31's runs (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/prepared-variants.sh), each part under 9 minutes; the device machine was scarce, so
# session 30's prepared scripts are cut to one round each and ordered by what they may decide.
#   A: outputs in device memory against mapped (output-memory.sh's rows, one round, and the
#      classifier's profile at batch 256), then the wide tile on 256 invocations (wide256.sh's
#      kernel tests for wide256, per-node profiles at batch 256 with the driver's register
#      counts, one round of bench rows, the short-K GEMMs on the wide tiles).
#   B: the depthwise kernel's 16-byte stores (dw-block.sh), then the second rounds of A's rows.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
MB="$g/mobilenetv2-12-int8.onnx"
LT="$g/variants/lt2-backend.jar:$g/lib/*"
case "${PART:-A}" in
  A)
    exec > >(tee "$OUT/session31a.log") 2>&1
    for mem in mapped device; do
      DJL_VULKAN_OUTPUT_MEMORY=$mem PHASES=1 bench_rows "r1 int8 this $mem" "$g/lib/*" $Q 1,32,256
      DJL_VULKAN_OUTPUT_MEMORY=$mem PHASES=1 bench_rows "r1 mobilenetv2 this $mem" "$g/lib/*" "$MB" 1,32
    done
    DJL_VULKAN_OUTPUT_MEMORY=device PHASES=1 bench_rows "r1 int8 lt2 device" "$LT" $Q 32,256
    for mem in mapped device; do
      DJL_VULKAN_OUTPUT_MEMORY=$mem BATCHES=256 profile_run prof-this-$mem "$g/lib/*" $Q
      grep -E "global_avg_pool|linear" "$OUT/prof-this-$mem.txt"
    done
    variant_tests "$g/variants/wide256.jar" 120 int8.QConvCoopmatTest int8.QConvImplicitIm2colTest
    for v in this wide256 wide256k16; do
      DJL_VULKAN_PIPELINE_STATISTICS=on BATCHES=256 profile_run wide-$v "$(variant_cp $v)" $Q
      echo "=== registers $v"
      registers wide-$v "coopmat_wide"
    done
    for v in this wide256 wide256k16; do
      PHASES=1 bench_rows "r1 int8 $v" "$(variant_cp $v)" $Q 32,256
    done
    for v in this wide256; do
      DJL_VULKAN_COOPMAT=on DJL_VULKAN_COOPMAT_TILE=large BATCHES=256 profile_run shortk-$v "$(variant_cp $v)" $Q
      echo "=== shortk $v: nodes 1 to 12"
      sed -n '/^profile/,/^products/p' "$OUT/shortk-$v.txt" | awk -F'\t' 'NR > 1 && NR < 14 {print $1, $2, $3}'
    done
    ;;
  B)
    exec > >(tee "$OUT/session31b.log") 2>&1
    bash "$g/dw-block.sh" > /dev/null 2>&1
    for mem in mapped device; do
      DJL_VULKAN_OUTPUT_MEMORY=$mem PHASES=1 bench_rows "r2 int8 this $mem" "$g/lib/*" $Q 1,32,256
      DJL_VULKAN_OUTPUT_MEMORY=$mem PHASES=1 bench_rows "r2 mobilenetv2 this $mem" "$g/lib/*" "$MB" 1,32
    done
    for v in this wide256 wide256k16; do
      PHASES=1 bench_rows "r2 int8 $v" "$(variant_cp $v)" $Q 32,256
    done
    ;;
esac
