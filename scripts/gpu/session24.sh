#!/bin/bash
# Session 24, in two parts (PART=A or B, one device call each; PART=C is A's core at batch 1; carry [".gpu"]; prepare with
# scripts/gpu/pack.sh BASELINE --junit and the variant jars below).
#
# A (about 4 minutes): this build against the baseline at batch 1 and 32, phase rows (GPU span):
# the split-K reduce passes read 8 slices at a time (int8 and float), the int8 depthwise 3 x 3
# kernel unrolls its taps, the int8 im2col reads its run of channel groups at once, the average
# pools read 8 positions at a time; the one-pass split K adds its slices in place (atomic adds, the last
# workgroup of a tile reads one tile): DJL_VULKAN_SPLIT_K=one-pass, and the auto1p variant
# (vulkan-backend of branch exp-auto1p: auto splits in one pass on GPUs where it does not split in
# the workgroup): scripts/gpu/variant-jar.sh auto1p exp-auto1p vulkan-backend; and the wgkpf
# variant (shaders of exp-wgkpf: the workgroup split's register GEMM, MobileNetV2's at batch 1,
# reads two k4s ahead of their products). Kernel tests first (the variants' in part B).
#
# B (about 5 minutes): the cooperative-matrix GEMMs' shared memory as uvec4s (variant uvec4:
# 16-byte aligned matrix loads and result rows; branch exp-uvec4), the q8ta GEMM's stage stores as
# 16-byte rows transposed across quads (shfl, on top of uvec4; exp-shfl), the fp16 GEMM's input
# stage stores as 16-byte rows (f16st, on top of uvec4; exp-f16st), and a diagnostic with wrong
# sums: the q8ta GEMM without its stage copies after the first (mmaonly; exp-mmaonly):
#   scripts/gpu/variant-jar.sh NAME BRANCH shaders
# Kernel tests of each variant, then ResNet50 int8 (batch 1, 32, 256) and the fp16 mode (32, 256)
# with --profile.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
P=org.djlvulkan.backend.ops
V=$g/mobilenetv2-12-int8.onnx
# Everything also goes to $OUT, which comes back even if the call runs out of time.
exec > >(tee "$OUT/session24-${PART:-A}.log") 2>&1
if [ "${PART:-A}" = C ]; then
  # Part A's core, for little device time: batch 1 only, then the kernel tests of the changed
  # kernels.
  for model in $Q $V; do
    PHASES=1 bench_rows "$(basename $model) this" "$g/lib/*" $model 1
    PHASES=1 bench_rows "$(basename $model) baseline $BASE_COMMIT" "$BASE_CP" $model 1
    DJL_VULKAN_SPLIT_K=one-pass PHASES=1 bench_rows "$(basename $model) one-pass" "$g/lib/*" $model 1
    DJL_VULKAN_SPLIT_K=one-pass DJL_VULKAN_IM2COL=implicit PHASES=1 \
      bench_rows "$(basename $model) one-pass+implicit" "$g/lib/*" $model 1
  done
  kernel_tests 100 --select-class $P.int8.QConvOpsTest --select-class $P.int8.FusedResidualAddTest \
    --select-class $P.int8.QuantizedPoolOpsTest --select-class $P.fp.ConvOpsTest \
    | grep -E "tests (successful|failed)|=> " | head -12
  PHASES=1 bench_rows "mobilenetv2 auto1p" "$(variant_cp auto1p)" $V 1
  PHASES=1 bench_rows "mobilenetv2 wgkpf" "$(variant_cp wgkpf)" $V 1
  PHASES=1 bench_rows "fp16 this" "$g/lib/*" $M 1 --precision fp16
  PHASES=1 bench_rows "fp16 baseline" "$BASE_CP" $M 1 --precision fp16
  exit 0
fi
if [ "${PART:-A}" = A ]; then
  echo "=== kernel tests, this build"
  kernel_tests 180 --select-class $P.int8.QConvOpsTest --select-class $P.int8.FusedResidualAddTest \
    --select-class $P.int8.QConvCoopmatTest --select-class $P.int8.QConvImplicitIm2colTest \
    --select-class $P.fp.ConvOpsTest --select-class $P.fp.HalfStorageOpsTest \
    --select-class $P.fp.PoolOpsTest --select-class $P.int8.QuantizedPoolOpsTest \
    | grep -E "tests (successful|failed)|=> " | head -12
  for round in ${ROUNDS:-1}; do
    for model in $Q $V; do
      PHASES=1 bench_rows "r$round $(basename $model) this" "$g/lib/*" $model 1,32
      PHASES=1 bench_rows "r$round $(basename $model) baseline $BASE_COMMIT" "$BASE_CP" $model 1,32
      DJL_VULKAN_SPLIT_K=one-pass PHASES=1 bench_rows "r$round $(basename $model) one-pass" \
        "$g/lib/*" $model 1,32
      PHASES=1 bench_rows "r$round $(basename $model) auto1p" "$(variant_cp auto1p)" \
        $model 1,32
      DJL_VULKAN_SPLIT_K=one-pass DJL_VULKAN_IM2COL=implicit PHASES=1 \
        bench_rows "r$round $(basename $model) one-pass+implicit" "$g/lib/*" $model 1,32
    done
    PHASES=1 bench_rows "r$round mobilenetv2 wgkpf" "$(variant_cp wgkpf)" $V 1,32
    PHASES=1 bench_rows "r$round fp16 this" "$g/lib/*" $M 1 --precision fp16
    PHASES=1 bench_rows "r$round fp16 baseline" "$BASE_CP" $M 1 --precision fp16
    PHASES=1 bench_rows "r$round fp32 this" "$g/lib/*" $M 1
    PHASES=1 bench_rows "r$round fp32 baseline" "$BASE_CP" $M 1
  done
  exit 0
fi
for v in uvec4 shfl f16st wgkpf; do
  echo "=== kernel tests, $v"
  KERNEL_JAR=$g/variants/$v.jar kernel_tests 200 --select-class $P.int8.QConvCoopmatTest \
    --select-class $P.int8.FusedResidualAddTest --select-class $P.int8.QConvQuantizingInputTest \
    --select-class $P.fp.HalfStorageOpsTest --select-class $P.fp.ResidualAddFusionTest \
    | grep -E "tests (successful|failed)|=> " | head -12
done
for round in ${ROUNDS:-1}; do
  profile_run "r$round-int8-this" "$g/lib/*" $Q
  profile_run "r$round-int8-uvec4" "$(variant_cp uvec4)" $Q
  profile_run "r$round-int8-shfl" "$(variant_cp shfl)" $Q
  BATCHES=32,256 profile_run "r$round-f16-this" "$g/lib/*" "$M" --precision fp16
  BATCHES=32,256 profile_run "r$round-f16-uvec4" "$(variant_cp uvec4)" "$M" --precision fp16
  BATCHES=32,256 profile_run "r$round-f16-f16st" "$(variant_cp f16st)" "$M" --precision fp16
done
BATCHES=256 profile_run "int8-mmaonly" "$(variant_cp mmaonly)" $Q
