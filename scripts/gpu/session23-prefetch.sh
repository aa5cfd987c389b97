#!/bin/bash
# Session 23, the cooperative-matrix int8 GEMM fetching two stages ahead (variant jar:
#   scripts/gpu/variant-jar.sh prefetch2 5c48a2a shaders shaders/src/main/glsl/qconv/q8_gemm_coopmat.comp
# on branch exp-prefetch2): its kernel tests on the GPU (QConvCoopmatTest, the fused residual and
# implicit im2col tests), then ResNet50 int8 at batch 32 and 256 against this build, two
# interleaved rounds, --profile's GEMM rows (TOPS). About 5 minutes; carry [".gpu"].
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
P=org.djlvulkan.backend.ops
V="$g/variants/prefetch2.jar"
echo "=== kernel tests, prefetch2"
KERNEL_JAR=$V kernel_tests 150 --select-class $P.int8.QConvCoopmatTest \
  --select-class $P.int8.FusedResidualAddTest --select-class $P.int8.QConvImplicitIm2colTest \
  | grep -E "tests (successful|failed)|=> " | head -12
Q=/tmp/r50/resnet50-int8-qdq.onnx
for round in 1 2; do
  BATCHES=32,256 profile_run "r$round-this" "$g/lib/*" $Q
  BATCHES=32,256 profile_run "r$round-prefetch2" "$V:$g/lib/*" $Q
done
