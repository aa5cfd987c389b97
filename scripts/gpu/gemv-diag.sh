#!/bin/bash
# Prepared in session 29, run in session 30 (docs/benchmarks.md, "Session 30", run 1) (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit, then
# scripts/gpu/prepared-variants.sh), about 2 minutes. ResNet50 int8's classifier (the GEMV form,
# int8_linear_dq_gemv_dot: one 64-invocation workgroup per row and channel group) took 330 us at
# batch 256 on an H100, and reading each weight group once for 8 rows did not change that
# (docs/benchmarks.md, session 29, run 4). Two timing-only variants of int8_linear.comp (outputs
# wrong on purpose): `gemvdiag1` (branch exp-gemv-diag) returns at once, so what remains of the
# node's time is not the kernel's work; `gemvdiag2` (exp-gemv-diag2) leaves out the shared-memory
# reduction (6 barriers). Per-node profiles at batch 1 and 256 of each; the classifier is the last
# node, the global average pooling before it.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/gemv-diag.log") 2>&1
for v in this gemvdiag1 gemvdiag2; do
  BATCHES=1,256 profile_run int8-$v "$(variant_cp $v)" $Q
  grep -E "global_avg_pool|linear" "$OUT/int8-$v.txt"
  grep -E "^\| (1|256) \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|" "$OUT/int8-$v.txt"
done
