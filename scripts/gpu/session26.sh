#!/bin/bash
# Next device time after session 25 (carry [".gpu"]; prepare with scripts/gpu/pack.sh 75b4936
# --junit, then scripts/gpu/session26-variants.sh for the variant jars below), about 5 minutes:
# - the kernel tests of the int8 GEMMs (QConvOpsTest's split-K test has not run on a GPU since its
#   expectation was mended in session 25);
# - the large cooperative-matrix tile's threshold apart from the split target: session 25 had
#   ResNet50 int8 at batch 32 1.1x faster with both at 64, but ResNet50 at batch 1 and
#   MobileNetV2 at batch 32 slower. Variants of vulkan-backend, two interleaved rounds at batch 1,
#   32 and 256:
#     scripts/gpu/variant-jar.sh l64 exp-l64 vulkan-backend          (large tile from 64 tiles)
#     scripts/gpu/variant-jar.sh t128l64 exp-t128l64 vulkan-backend  (and the split target at 128)
#     scripts/gpu/variant-jar.sh q8t64 exp-q8t64 vulkan-backend      (session 25's: both at 64)
# - the split-K reduce pass writing the next convolution's im2col scratch (session 25, default
#   under DJL_VULKAN_IM2COL=auto) against DJL_VULKAN_IM2COL=scratch (the im2col pass kept), with
#   the per-dispatch profile at batch 1;
# - more streams at batch 32 and 256 (bench --streams N runs N batches in flight; 2 gave ResNet50
#   int8 1.3x the images/s of 1 in session 25): 2, 3 and 4.
# Then, where one is faster everywhere, `ITERATIONS=40 bash .gpu/targets.sh` with it first in the
# class path (targets.sh runs this build; set its CP or make the change on main first).
set -u
. "$(dirname "$0")/setup.sh"
int8_model
P=org.djlvulkan.backend.ops
V=$g/mobilenetv2-12-int8.onnx
exec > >(tee "$OUT/session26.log") 2>&1
echo "=== kernel tests, this build"
kernel_tests 180 --select-class $P.int8.QConvOpsTest --select-class $P.int8.QConvCoopmatTest \
  --select-class $P.int8.FusedResidualAddTest --select-class $P.int8.QConvImplicitIm2colTest \
  --select-class $P.int8.QConvQuantizingInputTest --select-class $P.int8.ReduceIntoIm2colTest \
  | grep -E "tests (successful|failed)|=> |MethodSource" | head -20
for round in 1 2; do
  PHASES=1 bench_rows "r$round resnet50 int8 scatter (auto)" "$g/lib/*" $Q 1,32
  DJL_VULKAN_IM2COL=scratch PHASES=1 bench_rows "r$round resnet50 int8 im2col pass (scratch)" \
    "$g/lib/*" $Q 1,32
done
BATCHES=1 profile_run scatter "$g/lib/*" $Q
DJL_VULKAN_IM2COL=scratch BATCHES=1 profile_run im2col-pass "$g/lib/*" $Q
for round in 1 2; do
  for v in this l64 t128l64 q8t64; do
    cp=$(variant_cp $v)
    PHASES=1 bench_rows "r$round resnet50 int8 $v" "$cp" $Q 1,32,256
    PHASES=1 bench_rows "r$round mobilenetv2 int8 $v" "$cp" $V 1,32
  done
done
for streams in 2 3 4; do
  echo "=== resnet50 int8, $streams streams"
  timeout 150 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model $Q --batch 32,256 --warmup 20 \
    --iterations 30 --peer none --streams $streams 2>&1 | grep -E "^\| (32|256) \| [0-9]+ \|"
  echo "=== fp16 mode, $streams streams"
  timeout 150 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model $M --batch 256 --warmup 20 \
    --iterations 30 --peer none --precision fp16 --streams $streams 2>&1 | grep -E "^\| 256 \| [0-9]+ \|"
done
