#!/bin/bash
# Prepared in session 29, run in session 30 (docs/benchmarks.md, "Session 30", run 1) (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/prepared-variants.sh), about 3 minutes. The global average pooling before the
# classifier (int8_global_avg_pool_4w4c_to_4c1w: one invocation per output word, 49 positions in
# seven rounds of reads) took 8.4 us of ResNet50 int8's batch-1 span on an H100 with 512
# invocations in all (session 28). Branch exp-gap-split gives each word 8 invocations that read
# in one round and add in shared memory (`gapsplit-shaders` and `gapsplit-backend`). Its pooling
# tests first, then ResNet50 int8 and MobileNetV2 int8 at batch 1 and 32, three interleaved rounds
# with the phase rows (batch 1's GPU span is the figure), and per-node profiles at batch 1.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
GAP="$g/variants/gapsplit-shaders.jar:$g/variants/gapsplit-backend.jar:$g/lib/*"
exec > >(tee "$OUT/gap-split.log") 2>&1
variant_tests "$g/variants/gapsplit-shaders.jar:$g/variants/gapsplit-backend.jar" 100 \
  int8.QuantizedPoolOpsTest
for round in 1 2 3; do
  PHASES=1 bench_rows "r$round int8 this" "$g/lib/*" $Q 1,32
  PHASES=1 bench_rows "r$round int8 gapsplit" "$GAP" $Q 1,32
  PHASES=1 bench_rows "r$round mobilenetv2 this" "$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 1,32
  PHASES=1 bench_rows "r$round mobilenetv2 gapsplit" "$GAP" "$g/mobilenetv2-12-int8.onnx" 1,32
done
BATCHES=1 profile_run int8-b1-this "$g/lib/*" $Q
BATCHES=1 profile_run int8-b1-gapsplit "$GAP" $Q
grep -E "global_avg_pool|linear" "$OUT/int8-b1-this.txt" "$OUT/int8-b1-gapsplit.txt"
