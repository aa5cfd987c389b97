#!/bin/bash
# The int8 epilogue variants prepared in sessions 33 and 34, against this build. Prepare at main:
#   bash scripts/gpu/pack.sh HEAD --junit
#   for v in rescodes epi2 epi3 i2f; do
#     scripts/gpu/variant-jar.sh $v scripts/gpu/patches/$v.patch shaders; done
# then one call per part (carry [".gpu"]; two variants take about 7 minutes, the most one call
# runs), for example
#   bash .gpu/session34.sh      then      VARIANTS="rescodes i2f" bash .gpu/session34.sh
# ROUNDS=1 runs one round of the benches instead of two. The variants (scripts/gpu/patches/, each
# on top of the one its "# on top of:" line names; each bit-identical on every int8 kernel test on
# lavapipe, and a mutation of each fails its tests):
#   rescodes  the residual GEMMs' epilogue adds the requantized codes as they are, instead of
#             packing them into a word and unpacking it again (q8_requantize_codes,
#             q8_add_residual_codes): fewer integer instructions per output element in the 16
#             residual GEMMs, which run at 109 TOPS against the plain GEMMs' 177 (session 33).
#   epi2      rescodes taken further: no integer codes between the requantize and the add. The
#             convolution's operand is its magic rounding less a constant, the residual's the
#             bytes of its word, biased by 128, under the magic pattern less a constant (about 5
#             fewer instructions per output element; session 34).
#   epi3      epi2, and each of the epilogue's two clamps in one: the activation's bounds times
#             inv_sy clamped to the codes' range (exact: rounding is monotonic and inv_sy > 0), so
#             the requantize of every int8 GEMM and convolution, and the residual add, clamp once
#             (2 to 4 fewer instructions per output element; session 34).
#   i2f       rescodes, and the requantize converts its int32 sums to float without a conversion
#             instruction (djlv_int_to_float: two exact conversions by the 1.5 * 2^23 addition and
#             one rounding addition; the same floats), in every int8 GEMM and convolution. Seven
#             more instructions per element in place of one conversion: faster only if the
#             conversion's rate (bench-alu) is the limit.
# For each: the int8 kernel tests under the variant, ROUNDS interleaved rounds of ResNet50 int8 at
# batch 32 and 256, and per-node profiles at batch 256 with the driver's pipeline statistics
# (registers and binary size of the residual GEMMs: the code size is the one instruction count the
# driver gives). Session 33's branch for rescodes did not outlive its session; session 34 wrote the
# change again and keeps the variants as patches on main.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
variants=${VARIANTS:-epi3 epi2}
exec > >(tee "$OUT/session34.log") 2>&1
for v in $variants; do
  variant_tests "$g/variants/$v.jar" 150 int8.FusedResidualAddTest int8.QConvOpsTest \
    int8.QuantizedElementwiseOpsTest
done
for round in $(seq "${ROUNDS:-2}"); do
  for v in this $variants; do
    PHASES=1 bench_rows "r$round int8 $v" "$(variant_cp $v)" $Q 32,256
  done
done
for v in this $variants; do
  DJL_VULKAN_PIPELINE_STATISTICS=on BATCHES=256 profile_run "prof-$v" "$(variant_cp $v)" $Q
  grep "pipeline statistics" "$OUT/prof-$v.txt" | grep -E "gemm_(coopmat_wide|dot)_add" \
    | sed 's/.*statistics: //' | sort -u | head -4 | cut -c1-300
done
