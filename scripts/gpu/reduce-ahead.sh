#!/bin/bash
# Prepared in session 28, run in session 29 and not adopted (docs/benchmarks.md, session 29). (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/variant-jar.sh reduceahead exp-reduce-ahead shaders), about 3 minutes. At batch 1 the
# split int8 GEMMs requantize in their reduce passes (q8_gemm_reduce.comp, and
# q8_gemm_reduce_scatter.comp that writes the next im2col scratch), which read the channel terms
# after the slices' sums: two global reads one after the other in every pass. `reduceahead` reads
# the terms first. Kernel tests of the split forms first, then ResNet50 int8 and MobileNetV2 int8
# at batch 1 and 32, three interleaved rounds with the phase rows (batch 1's GPU span is the
# figure), and per-node profiles at batch 1.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/reduce-ahead.log") 2>&1
variant_tests "$g/variants/reduceahead.jar" 200 int8.QConvOpsTest int8.ReduceIntoIm2colTest \
  int8.FusedResidualAddTest
for round in 1 2 3; do
  for v in this reduceahead; do
    PHASES=1 bench_rows "r$round int8 $v" "$(variant_cp $v)" $Q 1,32
    PHASES=1 bench_rows "r$round mobilenetv2 $v" "$(variant_cp $v)" "$g/mobilenetv2-12-int8.onnx" 1,32
  done
done
for v in this reduceahead; do
  BATCHES=1 profile_run int8-b1-$v "$(variant_cp $v)" $Q
  grep -E "reduce" "$OUT/int8-b1-$v.txt" | awk '{s += $(NF-1)} END {print "reduce passes, us:", s}'
done
