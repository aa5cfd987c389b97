#!/bin/bash
# Prepared and run in session 31 (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/prepared-variants.sh for the jar dw-block), about 2 minutes. MobileNetV2 int8's 17
# depthwise 3 x 3 convolutions took 577 of its 1,415 us of node time at batch 32 in an
# H100 profile kept from an earlier session (about 0.3 TB/s). Each invocation writes its four columns as four 4-byte
# words, lanes a channel-group row apart; branch exp-dw-block stores them as one 16-byte write
# where they are one aligned group (a 4W4C block, or 4C1W words of a row a multiple of 4 wide).
# First the int8 convolution tests with the variant on the GPU, then per-node profiles of
# MobileNetV2 int8 at batch 1 and 32 (the depthwise nodes printed), then two interleaved rounds of
# bench rows.
set -u
. "$(dirname "$0")/setup.sh"
exec > >(tee "$OUT/dw-block.log") 2>&1
MB="$g/mobilenetv2-12-int8.onnx"
variant_tests "$g/variants/dw-block.jar" 120 int8.QConvOpsTest
for v in this dw-block; do
  BATCHES=1,32 profile_run dw-$v "$(variant_cp $v)" "$MB"
  echo "=== $v: depthwise nodes (last run)"
  sed -n '/^profile/,/^products/p' "$OUT/dw-$v.txt" | grep dw_3x3 | awk -F'\t' '{s += $2; print $1, $2} END {print "sum", s}'
done
for round in 1 2; do
  for v in this dw-block; do
    PHASES=1 bench_rows "r$round mobilenetv2 $v" "$(variant_cp $v)" "$MB" 1,32,256
  done
done
