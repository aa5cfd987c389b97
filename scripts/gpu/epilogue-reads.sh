#!/bin/bash
# Session 19's GPU measurement, in one call of at most 600 s: this build (the large fp32 tile on 16
# warps, implicit im2col for the 3-channel stem) and two variant jars against the baseline:
#   .gpu/variants/res.jar     shaders: the GEMM epilogues read their residuals ahead (f16
#                             cooperative-matrix, fp32 large tile, q8ta cooperative-matrix and
#                             dot-path GEMMs)
#   .gpu/variants/q8stemcm.jar vulkan-backend: the int8 stem on the small cooperative-matrix tile
# Kernel tests first (this build's float GEMMs and implicit im2col; res's residual forms;
# q8stemcm's int8 convolutions), then ResNet50 at batch 1, 32 and 256 with --profile (per-node
# times show the stem's im2col and the residual GEMMs): fp16 mode, int8, strict fp32. Outputs
# under $OUT (run-LABEL.txt); the summary on stdout.
# Prepare: scripts/gpu/variant-jar.sh res <commit> shaders; scripts/gpu/variant-jar.sh q8stemcm
# <commit> vulkan-backend; scripts/gpu/pack.sh BASELINE --junit. Run with carry [".gpu"].
# (Run in session 19, docs/benchmarks.md: res's float epilogues are in main since, its int8 ones
# and q8stemcm were measured level and not kept; their side branches are gone.)
set -u
. "$(dirname "$0")/setup.sh"
int8_model
T=org.djlvulkan.backend.ops
V=$g/variants
tests() {
  local label=$1 jar=$2
  shift 2
  echo "=== kernel tests, $label"
  KERNEL_JAR=$jar kernel_tests 150 $(printf -- "--select-class $T.%s " "$@") \
    | grep -E "tests (successful|failed)|MethodSource|=> " | head -12
}
tests this "" fp.ConvOpsTest fp.HalfStorageOpsTest fp.ImplicitIm2colTest
tests res "$V/res.jar" fp.ResidualAddFusionTest int8.FusedResidualAddTest int8.QConvCoopmatTest
# STEM=yes adds q8stemcm (its tests and its int8 run).
[ "${STEM:-no}" = yes ] && tests q8stemcm "$V/q8stemcm.jar" int8.QConvOpsTest
profile_run run-fp16-baseline "$BASE_CP" "$M" --precision fp16
profile_run run-fp16-this "$g/lib/*" "$M" --precision fp16
profile_run run-fp16-res "$V/res.jar:$g/lib/*" "$M" --precision fp16
profile_run run-int8-baseline "$BASE_CP" "$Q"
profile_run run-int8-this "$g/lib/*" "$Q"
profile_run run-int8-res "$V/res.jar:$g/lib/*" "$Q"
[ "${STEM:-no}" = yes ] && profile_run run-int8-q8stemcm "$V/q8stemcm.jar:$g/lib/*" "$Q"
profile_run run-fp32-baseline "$BASE_CP" "$M"
profile_run run-fp32-this "$g/lib/*" "$M"
profile_run run-fp32-res "$V/res.jar:$g/lib/*" "$M"
