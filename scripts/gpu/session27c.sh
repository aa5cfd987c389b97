#!/bin/bash
# Session 27's third GPU run (carry [".gpu"]; scripts/gpu/pack.sh fa4d9b4 --junit: the baseline is
# the build of the second run). What changed since: the int8 classifier takes the GEMV form at any
# batch on GPUs, the int8 max pooling of 4W4C reads whole input blocks, and the implicit im2col
# keeps the large int8 tile. PART=A (default, about 4 minutes): the kernel tests of the changed
# kernels, ResNet50 int8 at batch 1, 32 and 256 against the baseline in two interleaved rounds
# with the phase rows, then per-node profiles at 1 and at 32 and 256. PART=B: targets.sh.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
targets_part
exec > >(tee "$OUT/session27c.log") 2>&1
variant_tests this 150 int8.QuantizedLinearOpsTest int8.QuantizedPoolOpsTest \
  int8.QConvCoopmatTest int8.FusedResidualAddTest
for round in 1 2; do
  PHASES=1 bench_rows "r$round int8 this" "$g/lib/*" $Q 1,32,256
  PHASES=1 bench_rows "r$round int8 baseline $BASE_COMMIT" "$BASE_CP" $Q 1,32,256
done
BATCHES=1 profile_run int8-this-b1 "$g/lib/*" $Q
BATCHES=32,256 profile_run int8-this "$g/lib/*" $Q
BATCHES=32,256 profile_run int8-base "$BASE_CP" $Q
