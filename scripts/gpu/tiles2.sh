#!/bin/bash
# Prepared in session 28, run in session 29 and not adopted (docs/benchmarks.md, session 29). (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/variant-jar.sh tiles2 exp-tiles2 shaders), about 4 minutes. The int8 wide GEMM runs
# one 512-invocation workgroup per SM, so each tile's first fetch and epilogue stand alone in time
# (docs/benchmarks.md, session 28). `tiles2`: one-pass workgroups take two tiles in turn and fetch
# the second's first stage while the first's epilogue runs (the other half of the grid returns at
# once; the kernel's outputs are meant to be the same words). Kernel tests of `tiles2` first, then
# ResNet50 int8 at batch 32 and 256 and MobileNetV2 int8 at 32, two interleaved rounds with the
# phase rows, and per-node profiles at 256.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/tiles2.log") 2>&1
variant_tests "$g/variants/tiles2.jar" 240 int8.QConvCoopmatTest int8.FusedResidualAddTest \
  int8.QConvImplicitIm2colTest int8.QConvOpsTest
for round in 1 2; do
  for v in this tiles2; do
    PHASES=1 bench_rows "r$round int8 $v" "$(variant_cp $v)" $Q 32,256
    PHASES=1 bench_rows "r$round mobilenetv2 $v" "$(variant_cp $v)" "$g/mobilenetv2-12-int8.onnx" 32
  done
done
for v in this tiles2; do
  BATCHES=256 profile_run int8-$v "$(variant_cp $v)" $Q
done
