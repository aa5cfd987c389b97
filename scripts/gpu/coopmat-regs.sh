#!/bin/bash
# Register pressure of the cooperative-matrix GEMMs against their speed (issues 13 and 14): for
# this build and each variant shaders jar in .gpu/variants (scripts/gpu/variant-jar.sh), the
# driver's register count of the GEMM pipelines (DJL_VULKAN_PIPELINE_STATISTICS=on) and ResNet50's
# run time and per-kernel profile: the fp16 mode at batch 32 and 256 for variants named f16*, int8
# at batch 32 and 256 for variants named q8*. The kernel tests of each variant's kernels first
# (HalfStorageOpsTest or QConvOpsTest with the variant jar ahead). Full outputs under $OUT.
# Prepare with scripts/gpu/pack.sh BASELINE --junit and the variant jars; run with carry [".gpu"]
# and "bash .gpu/coopmat-regs.sh".
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
Q=/tmp/r50/resnet50-int8-qdq.onnx
run() {
  local label=$1 cp=$2 model=$3 batches=$4
  shift 4
  local f="$OUT/regs-$label.txt"
  timeout 150 env DJL_VULKAN_PIPELINE_STATISTICS=on $J -cp "$cp" org.djlvulkan.cli.Main bench \
    --model "$model" --batch "$batches" --warmup 20 --iterations 30 --peer none --profile "$@" \
    > "$f" 2>&1
  echo "=== $label"
  grep -E '^\| (32|256) \| [0-9.]+ \|' "$f" | head -2
  grep -E "^  (gemm_coopmat|q8ta_gemm_coopmat)" "$f" | head -6
  grep "pipeline statistics" "$f" | grep coopmat | sed 's/.*statistics: //; s/ \[.*\]:/:/' \
    | sed 's/, Binary Size.*Shared Memory Size=/ shared /' | sort -u | head -6
}
for v in $g/variants/*.jar; do
  name=$(basename "$v" .jar)
  case $name in
    f16*) tests=org.djlvulkan.backend.ops.fp.HalfStorageOpsTest ;;
    *) tests=org.djlvulkan.backend.ops.int8.QConvOpsTest ;;
  esac
  echo "=== kernel tests, $name"
  KERNEL_JAR=$v kernel_tests 150 --select-class $tests | grep -E "tests (successful|failed)"
done
for round in $(seq 1 "${ROUNDS:-1}"); do
  run "fp16-this-r$round" "$g/lib/*" "$M" 32,256 --precision fp16
  for v in $g/variants/f16*.jar; do
    run "fp16-$(basename "$v" .jar)-r$round" "$v:$g/lib/*" "$M" 32,256 --precision fp16
  done
  run "int8-this-r$round" "$g/lib/*" "$Q" 32,256
  for v in $g/variants/q8*.jar; do
    run "int8-$(basename "$v" .jar)-r$round" "$v:$g/lib/*" "$Q" 32,256
  done
done
