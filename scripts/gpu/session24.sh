#!/bin/bash
# Session 24: the cooperative-matrix GEMMs' shared memory as uvec4s (variant uvec4: 16-byte
# aligned matrix loads and result rows; branch exp-uvec4) and the q8ta GEMM's stage stores as
# 16-byte rows transposed across quads (variant shfl, on top of uvec4; branch exp-shfl):
#   scripts/gpu/variant-jar.sh uvec4 exp-uvec4 shaders
#   scripts/gpu/variant-jar.sh shfl exp-shfl shaders
# and the fp16 GEMM's input stage stores as 16-byte rows (variant f16st, on top of uvec4; branch
# exp-f16st): scripts/gpu/variant-jar.sh f16st exp-f16st shaders
# Kernel tests of each variant on the GPU first, then ResNet50 int8 (batch 1, 32, 256) and the fp16
# mode (batch 32, 256) with --profile, this build against each variant, ROUNDS interleaved rounds.
# First, this build's one-pass split K with the slices added in place (atomic adds; the last
# workgroup of a tile reads one tile): its kernel tests, then ResNet50 and MobileNetV2 int8 at batch
# 1 and 32, DJL_VULKAN_SPLIT_K=one-pass against the default, with the phase rows (GPU span), and
# the auto1p variant (vulkan-backend of branch exp-auto1p: auto splits in one pass on GPUs where it
# does not split in the workgroup): scripts/gpu/variant-jar.sh auto1p exp-auto1p vulkan-backend.
# MobileNetV2 int8 also runs on the baseline (this build's depthwise 3 x 3 kernel unrolls its taps).
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"]. About 7 minutes.
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend.ops
echo "=== kernel tests, this build"
kernel_tests 200 --select-class $P.int8.QConvOpsTest --select-class $P.int8.FusedResidualAddTest \
  --select-class $P.int8.QConvCoopmatTest --select-class $P.int8.QConvImplicitIm2colTest \
  | grep -E "tests (successful|failed)|=> " | head -12
for round in ${ROUNDS:-1}; do
  for model in $Q $g/mobilenetv2-12-int8.onnx; do
    PHASES=1 bench_rows "r$round $(basename $model) auto" "$g/lib/*" $model 1,32
    DJL_VULKAN_SPLIT_K=one-pass PHASES=1 bench_rows "r$round $(basename $model) one-pass" "$g/lib/*" $model 1,32
    PHASES=1 bench_rows "r$round $(basename $model) auto1p" "$g/variants/auto1p.jar:$g/lib/*" $model 1,32
  done
  # The int8 depthwise 3 x 3 kernel with its taps unrolled (this build) against the baseline.
  PHASES=1 bench_rows "r$round mobilenetv2 baseline $BASE_COMMIT" "$BASE_CP" $g/mobilenetv2-12-int8.onnx 1,32
done
[ "${ONE_PASS_ONLY:-no}" = yes ] && exit 0
for v in uvec4 shfl f16st; do
  echo "=== kernel tests, $v"
  KERNEL_JAR=$g/variants/$v.jar kernel_tests 200 --select-class $P.int8.QConvCoopmatTest \
    --select-class $P.int8.FusedResidualAddTest --select-class $P.int8.QConvQuantizingInputTest \
    --select-class $P.fp.HalfStorageOpsTest --select-class $P.fp.ResidualAddFusionTest \
    | grep -E "tests (successful|failed)|=> " | head -12
done
for round in ${ROUNDS:-1}; do
  profile_run "r$round-int8-this" "$g/lib/*" $Q
  profile_run "r$round-int8-uvec4" "$g/variants/uvec4.jar:$g/lib/*" $Q
  profile_run "r$round-int8-shfl" "$g/variants/shfl.jar:$g/lib/*" $Q
  BATCHES=32,256 profile_run "r$round-f16-this" "$g/lib/*" "$M" --precision fp16
  BATCHES=32,256 profile_run "r$round-f16-uvec4" "$g/variants/uvec4.jar:$g/lib/*" "$M" --precision fp16
  BATCHES=32,256 profile_run "r$round-f16-f16st" "$g/variants/f16st.jar:$g/lib/*" "$M" --precision fp16
done
# Diagnostic (wrong sums): the q8ta cooperative-matrix GEMM without its stage copies after the
# first (branch exp-mmaonly, on top of uvec4), so its time is the products' and the matrix loads'.
#   scripts/gpu/variant-jar.sh mmaonly exp-mmaonly shaders
BATCHES=256 profile_run "int8-mmaonly" "$g/variants/mmaonly.jar:$g/lib/*" $Q
