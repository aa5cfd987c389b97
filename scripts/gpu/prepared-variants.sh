#!/bin/bash
# Builds the variant jars of every experiment prepared in session 28 into .gpu/variants (after
# scripts/gpu/pack.sh BASELINE --junit), about 3 minutes; .gpu then stays under the device tool's
# 64 MiB. Each script's header names its jars:
#   tiles2.sh (tiles2), reduce-ahead.sh (reduceahead), f16-epilogue.sh (f16ahead, f16diag),
#   stem-s2d.sh (s2d-shaders, s2d-backend); tiles-after-epilogue.sh needs none.
# Then, with carry [".gpu"], e.g. "bash .gpu/tiles2.sh; bash .gpu/reduce-ahead.sh" in one call.
set -euo pipefail
here=$(dirname "$0")
rm -rf .gpu/variants
while read -r name branch module; do
  bash "$here/variant-jar.sh" "$name" "$branch" "$module" < /dev/null
done <<'LIST'
tiles2 exp-tiles2 shaders
reduceahead exp-reduce-ahead shaders
f16ahead exp-f16-ahead shaders
f16diag exp-diag-f16 shaders
s2d-shaders exp-stem-s2d shaders
s2d-backend exp-stem-s2d vulkan-backend
LIST
du -sh .gpu
