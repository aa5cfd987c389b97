#!/bin/bash
# Prepared in session 29, run in session 30 (docs/benchmarks.md, "Session 30", run 1) (carry [".gpu"]; scripts/gpu/pack.sh BASELINE), about 2
# minutes, no variant jar. ResNet50 int8's GEMMs with K' = 64 and 128 (the bottlenecks' first 1 x 1
# convolutions, the projection shortcuts and the expanding 1 x 1 convolutions that add the
# residual) run on the packed-dot path at 30 to 51 TOPS, near that path's peak; on cooperative
# matrices (DJL_VULKAN_COOPMAT=on) the wide tile was slower (461 against 403 us for the 1 x 1 64 ->
# 256 shortcut at batch 256, session 29 run 6) and the small tile slower still (session 29 run 2).
# This measures each cooperative-matrix tile on them in one call: per-node profiles at batch 256
# under auto and under COOPMAT=on with the large, tall and small tiles; prints the nodes of K' = 64
# and 128 (multiply-adds per node in the last column) and the products table.
set -u
. "$(dirname "$0")/setup.sh"
int8_model
exec > >(tee "$OUT/shortk-tiles.log") 2>&1
BATCHES=256 profile_run auto "$g/lib/*" $Q
for tile in large tall small; do
  DJL_VULKAN_COOPMAT=on DJL_VULKAN_COOPMAT_TILE=$tile BATCHES=256 profile_run on-$tile "$g/lib/*" $Q
done
for f in auto on-large on-tall on-small; do
  echo "=== $f: nodes 1 to 25"
  sed -n '/^profile/,/^products/p' "$OUT/$f.txt" | awk -F'\t' 'NR > 1 && NR < 27 {print $1, $2, $3}'
done
