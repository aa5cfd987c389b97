#!/bin/bash
# Register pressure of the workgroup-tile GEMMs against their speed (issues 13 and 14): for this
# build and each variant jar in .gpu/variants (scripts/gpu/variant-jar.sh), the driver's register
# count of the GEMM pipelines (DJL_VULKAN_PIPELINE_STATISTICS=on) and ResNet50's run time and
# per-kernel profile at batch 1, 32 and 256 (BATCHES), with the baseline's (no statistics) first: the fp16 mode for variants named f16*, int8 for q8*,
# strict fp32 for fp32*. The kernel tests of each variant's kernels first (HalfStorageOpsTest,
# QConvOpsTest or ConvOpsTest with the variant jar ahead; TESTED lists the jars to test, default
# all; TESTED=none skips them), after this build's float kernel tests (THIS_TESTS=no skips those);
# variants of a family's residual GEMMs also run the residual tests (ResidualAddFusionTest,
# QConvCoopmatTest and FusedResidualAddTest). FAMILIES picks the models (default "fp16 fp32 int8").
# Full outputs under $OUT.
# Prepare with scripts/gpu/pack.sh BASELINE --junit and the variant jars; run with carry [".gpu"]
# and "bash .gpu/gemm-regs.sh".
set -u
. "$(dirname "$0")/setup.sh"
int8_model
run() {
  local label=$1 cp=$2 model=$3 batches=$4
  shift 4
  DJL_VULKAN_PIPELINE_STATISTICS=on BATCHES=$batches profile_run "regs-$label" "$cp" "$model" "$@"
  registers "regs-$label" "coopmat|gemm_large"
}
if [ "${THIS_TESTS:-yes}" != no ]; then
  echo "=== kernel tests, this build"
  kernel_tests 150 --select-class org.djlvulkan.backend.ops.fp.ConvOpsTest \
    --select-class org.djlvulkan.backend.ops.fp.HalfStorageOpsTest \
    --select-class org.djlvulkan.backend.ops.fp.LinearOpsTest \
    --select-class org.djlvulkan.backend.ops.fp.ImplicitIm2colTest | grep -E "tests (successful|failed)"
fi
T=org.djlvulkan.backend.ops
for v in ${TESTED:-$g/variants/*.jar}; do
  [ "$v" = none ] && continue
  name=$(basename "$v" .jar)
  case $name in
    f16*) tests="$T.fp.HalfStorageOpsTest $T.fp.ResidualAddFusionTest" ;;
    fp32*) tests="$T.fp.ConvOpsTest $T.fp.ResidualAddFusionTest" ;;
    *) tests="$T.int8.QConvOpsTest $T.int8.QConvCoopmatTest $T.int8.FusedResidualAddTest" ;;
  esac
  echo "=== kernel tests, $name"
  KERNEL_JAR=$v kernel_tests 150 $(printf -- "--select-class %s " $tests) \
    | grep -E "tests (successful|failed)"
done
B=${BATCHES:-1,32,256}
for round in $(seq 1 "${ROUNDS:-1}"); do
  for family in "fp16 f16 $M --precision fp16" "fp32 fp32 $M" "int8 q8 $Q"; do
    set -- $family
    [[ " ${FAMILIES:-fp16 fp32 int8} " == *" $1 "* ]] || continue
    label=$1 prefix=$2 model=$3
    shift 3
    run "$label-baseline-r$round" "$BASE_CP" "$model" "$B" "$@"
    run "$label-this-r$round" "$g/lib/*" "$model" "$B" "$@"
    for v in $g/variants/$prefix*.jar; do
      [ -f "$v" ] && run "$label-$(basename "$v" .jar)-r$round" "$v:$g/lib/*" "$model" "$B" "$@"
    done
  done
done
