#!/bin/bash
# Session 28's GPU runs (carry [".gpu"]; scripts/gpu/pack.sh 770e008 --junit, then the variant jars
# below with scripts/gpu/variant-jar.sh). Parts, one device call each:
# - PART=A (about 5 minutes): where the int8 cooperative-matrix GEMM's time goes. Per-node profiles
#   of ResNet50 int8 at batch 256 with timing-only variants of q8_gemm_coopmat.comp (their outputs
#   are wrong): diag1 (branch exp-diag, ce88470: every stage fetches the same 8 KB, so no L2 or
#   memory traffic), diag2 (c63084b: one product per stage instead of eight per subgroup), diag3
#   (b1a8c10: no global stores in the epilogue), and this build with every GEMM on the tall tile
#   (DJL_VULKAN_COOPMAT_TILE=tall: 8 subgroups, two workgroups per SM).
# - PART=C (about 5 minutes): the prepared experiments of session 27: stemq (exp-stemq,
#   vulkan-backend: the implicit stem reads codes from a quantize pass) and lt (exp-linear-tiled,
#   lt-shaders and lt-backend: a tiled int8 classifier from 32 rows), with lt's kernel tests first;
#   ResNet50 int8 at batch 1, 32 and 256, two interleaved rounds with the phase rows, and per-node
#   profiles at 256.
# - PART=D (about 6 minutes): this build's epilogue change (the GEMMs read their channel terms and
#   residual blocks before the products; flat-pixel GEMMs store whole blocks where the output row
#   is a multiple of 4 wide) against the baseline build: kernel tests of the int8 GEMMs first,
#   ResNet50 int8 at batch 1, 32 and 256 and MobileNetV2 int8 at 1 and 32, two interleaved rounds
#   with the phase rows, then a per-node profile at 256, and every GEMM on cooperative matrices
#   (DJL_VULKAN_COOPMAT=on) at 32 and 256.
#   Run D's build also read the terms ahead in the packed-dot GEMM (q8_gemm.comp): slower there
#   (more registers), so that part went back before PART=E.
# - PART=E (about 3 minutes): the final build against the baseline: kernel tests of the packed-dot
#   GEMMs, then the rounds of PART=D without the profile.
# - PART=F (about 2 minutes): the final form (the packed-dot GEMMs' SPIR-V as the baseline's: run
#   E's build had changed their store helpers, and MobileNetV2's packed-dot GEMMs ran 12% slower at
#   batch 32): the cooperative-matrix kernel tests, then one round of PART=E's rows.
# - PART=B: targets.sh (peers in the same run).
set -u
. "$(dirname "$0")/setup.sh"
int8_model
targets_part
if [ "${PART:-A}" = A ]; then
  exec > >(tee "$OUT/session28a.log") 2>&1
  for v in this diag1 diag2 diag3; do
    BATCHES=256 profile_run int8-$v "$(variant_cp $v)" $Q
  done
  DJL_VULKAN_COOPMAT_TILE=tall BATCHES=256 profile_run int8-tall "$g/lib/*" $Q
  exit 0
fi
# rows_against_base ROUNDS: ResNet50 int8 at batch 1, 32 and 256 and MobileNetV2 int8 at 1 and 32,
# this build then the baseline, ROUNDS interleaved rounds with the phase rows.
rows_against_base() {
  for round in $(seq 1 "$1"); do
    for v in this base; do
      local cp="$g/lib/*"
      [ $v = base ] && cp=$BASE_CP
      PHASES=1 bench_rows "r$round int8 $v" "$cp" $Q 1,32,256
      PHASES=1 bench_rows "r$round mobilenetv2 $v" "$cp" "$g/mobilenetv2-12-int8.onnx" 1,32
    done
  done
}
case "${PART:-A}" in
  D)
    exec > >(tee "$OUT/session28d.log") 2>&1
    variant_tests this 240 int8.QConvCoopmatTest int8.FusedResidualAddTest int8.QConvOpsTest \
      int8.QConvImplicitIm2colTest int8.ReduceIntoIm2colTest int8.QConvQuantizingInputTest
    rows_against_base 2
    BATCHES=256 profile_run int8-this "$g/lib/*" $Q
    # The K < 256 GEMMs stayed on the packed-dot path because cooperative matrices were slower
    # for them; with the epilogue's loads ahead, again:
    DJL_VULKAN_COOPMAT=on PHASES=1 bench_rows "int8 this, every GEMM on cooperative matrices" \
      "$g/lib/*" $Q 32,256
    DJL_VULKAN_COOPMAT=on BATCHES=256 profile_run int8-this-on "$g/lib/*" $Q
    exit 0
    ;;
  E)
    exec > >(tee "$OUT/session28e.log") 2>&1
    variant_tests this 120 int8.QConvOpsTest int8.FusedResidualAddTest
    rows_against_base 2
    exit 0
    ;;
  F)
    exec > >(tee "$OUT/session28f.log") 2>&1
    variant_tests this 200 int8.QConvCoopmatTest int8.FusedResidualAddTest \
      int8.QConvImplicitIm2colTest
    rows_against_base 1
    exit 0
    ;;
esac
exec > >(tee "$OUT/session28c.log") 2>&1
LT="$g/variants/lt-shaders.jar:$g/variants/lt-backend.jar:$g/lib/*"
variant_tests "$g/variants/lt-shaders.jar:$g/variants/lt-backend.jar" 60 \
  int8.QuantizedLinearOpsTest
for round in 1 2; do
  PHASES=1 bench_rows "r$round int8 this" "$g/lib/*" $Q 1,32,256
  PHASES=1 bench_rows "r$round int8 stemq" "$(variant_cp stemq)" $Q 1,32,256
  PHASES=1 bench_rows "r$round int8 lt" "$LT" $Q 1,32,256
done
PHASES=1 bench_rows "int8 this, input on device" "$g/lib/*" $Q 32,256 --input-on-device
BATCHES=256 profile_run int8-stemq "$(variant_cp stemq)" $Q
BATCHES=256 profile_run int8-lt "$LT" $Q
