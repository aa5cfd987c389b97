#!/bin/bash
# Prepared in session 28, run in session 29 and not adopted (docs/benchmarks.md, session 29). (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/variant-jar.sh f16ahead exp-f16-ahead shaders and
# scripts/gpu/variant-jar.sh f16diag exp-diag-f16 shaders), about 4 minutes. Session 28 found the
# int8 cooperative-matrix GEMM waiting on its epilogue (docs/benchmarks.md, session 28). The same
# question for the fp16 mode's GEMM: `f16diag` stores nothing (timing only, outputs wrong), and
# `f16ahead` reads the residual forms' residuals before the products instead of after the last
# barrier. Kernel tests of `f16ahead` first; the fp16 mode at batch 1, 32 and 256, two interleaved
# rounds with the phase rows; per-node profiles at 256 of all three.
set -u
. "$(dirname "$0")/setup.sh"
exec > >(tee "$OUT/f16-epilogue.log") 2>&1
variant_tests "$g/variants/f16ahead.jar" 200 fp.HalfStorageOpsTest fp.ResidualAddFusionTest \
  fp.ImplicitIm2colTest
for round in 1 2; do
  for v in this f16ahead; do
    PHASES=1 bench_rows "r$round fp16 $v" "$(variant_cp $v)" $M 1,32,256 --precision fp16
  done
done
for v in this f16ahead f16diag; do
  BATCHES=256 profile_run f16-$v "$(variant_cp $v)" $M --precision fp16
done
