#!/bin/bash
# Prepared in session 33 (not run: the device time went to failed starts). After, at main:
#   bash scripts/gpu/pack.sh 0581035 --junit
#   scripts/gpu/variant-jar.sh rescodes scripts/gpu/patches/rescodes.patch shaders
#   scripts/gpu/variant-jar.sh i2f scripts/gpu/patches/i2f.patch shaders
# one call (carry [".gpu"]), about 6 minutes: "bash .gpu/session33b.sh" (ROUNDS=1: one round). The variants:
#   rescodes  the residual GEMMs' epilogue adds the requantized codes as they are, instead of
#             packing them into a word and unpacking it again (q8_requantize_codes,
#             q8_add_residual_codes): fewer integer instructions per output element in the 16
#             residual GEMMs, which run at 109 TOPS against the plain GEMMs' 177 (session 33).
#   i2f       rescodes, and the requantize converts its int32 sums to float without a conversion
#             instruction (djlv_int_to_float: two exact conversions by the 1.5 * 2^23 addition and
#             one rounding addition; the same floats), in every int8 GEMM and convolution.
# The int8 kernel tests under the variant, two interleaved rounds of ResNet50 int8 at batch 32 and
# 256, and per-node profiles at batch 256 with the driver's pipeline statistics (registers and
# binary size of the residual GEMMs: the code size is the one instruction count the driver gives).
# The changes are kept as patches on main (scripts/gpu/patches/; i2f.patch includes rescodes.patch):
# session 33's branch did not outlive the session, and session 34 wrote the change again.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/session33b.log") 2>&1
for v in rescodes i2f; do
  variant_tests "$g/variants/$v.jar" 150 int8.FusedResidualAddTest int8.QConvOpsTest \
    int8.QuantizedElementwiseOpsTest
done
for round in $(seq "${ROUNDS:-2}"); do
  for v in this rescodes i2f; do
    PHASES=1 bench_rows "r$round int8 $v" "$(variant_cp $v)" $Q 32,256
  done
done
for v in this rescodes i2f; do
  DJL_VULKAN_PIPELINE_STATISTICS=on BATCHES=256 profile_run "prof-$v" "$(variant_cp $v)" $Q
  grep "pipeline statistics" "$OUT/prof-$v.txt" | grep -E "gemm_(coopmat_wide|dot)_add" \
    | sed 's/.*statistics: //' | sort -u | head -4 | cut -c1-300
done
