#!/bin/bash
# Prepared in session 28, run in session 29 and adopted behind KernelPolicy.Stem (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/variant-jar.sh s2d-shaders exp-stem-s2d shaders and
# scripts/gpu/variant-jar.sh s2d-backend exp-stem-s2d vulkan-backend), about 4 minutes. The int8
# stem (ResNet50's 7 x 7 stride 2 on 3 channels) took 1.7 ms of batch 256's 19 ms span on an
# H100, bound by the gathered float loads it quantizes (docs/benchmarks.md, session 27). Branch
# exp-stem-s2d quantizes the float input into its 2 x 2 space-to-depth (12 channels) and runs the
# stem as a 4 x 4 stride-1 convolution on it (SpaceToDepthStem; the same integer sums, so the same
# codes); MobileNetV2's 3 x 3 stride-2 stem becomes 2 x 2. Kernel tests first, then ResNet50 int8
# at 1, 32 and 256 and MobileNetV2 int8 at 1 and 32, two interleaved rounds with the phase rows,
# and per-node profiles at 256 (the stem is node 0, or 1 after its quantize pass).
set -u
. "$(dirname "$0")/setup.sh"
int8_model
S2D="$g/variants/s2d-shaders.jar:$g/variants/s2d-backend.jar:$g/lib/*"
exec > >(tee "$OUT/stem-s2d.log") 2>&1
variant_tests "$g/variants/s2d-shaders.jar:$g/variants/s2d-backend.jar" 200 \
  int8.SpaceToDepthStemTest int8.QConvImplicitIm2colTest int8.QConvCoopmatTest
for round in 1 2; do
  PHASES=1 bench_rows "r$round int8 this" "$g/lib/*" $Q 1,32,256
  PHASES=1 bench_rows "r$round int8 s2d" "$S2D" $Q 1,32,256
  PHASES=1 bench_rows "r$round mobilenetv2 this" "$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 1,32
  PHASES=1 bench_rows "r$round mobilenetv2 s2d" "$S2D" "$g/mobilenetv2-12-int8.onnx" 1,32
done
BATCHES=256 profile_run int8-this "$g/lib/*" $Q
BATCHES=256 profile_run int8-s2d "$S2D" $Q
grep -E "^  [0-2] " "$OUT/int8-this.txt" "$OUT/int8-s2d.txt"
