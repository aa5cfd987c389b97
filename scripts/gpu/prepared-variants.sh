#!/bin/bash
# Builds the variant jars of every experiment prepared and not yet run into .gpu/variants (after
# scripts/gpu/pack.sh BASELINE --junit), about a minute; .gpu then stays under the device tool's
# 64 MiB. Each script's header names its jars: wide256.sh (wide256, wide256k16), output-memory.sh
# (lt2-backend), dw-block.sh (dw-block). Then, with carry [".gpu"], "bash .gpu/output-memory.sh; bash .gpu/wide256.sh". The fp16 ceilings (issue 14) are prepared too: build them with
#   CM2= CEILING="0:2:4:4:2:64:1:0:0:1 1:2:4:4:2:64:1:0:0:1 3:2:4:4:2:32:1:0:0:1 \
#     3:4:4:2:2:64:1:0:0:1 3:2:4:4:2:32:1" bash scripts/gpu/coopmat2/build.sh
# and run "PART=A PROBE_ONLY=1 bash .gpu/session30.sh" in the same call. (Session 29's list - gemv-diag.sh, gap-split.sh, shortk-tiles.sh
# - ran in session 30; session 28's in session 29; both are in git history.)
set -euo pipefail
here=$(dirname "$0")
rm -rf .gpu/variants
while read -r name branch module; do
  bash "$here/variant-jar.sh" "$name" "$branch" "$module" < /dev/null
done <<'LIST'
wide256 exp-wide256 shaders
wide256k16 exp-wide256k16 shaders
lt2-backend exp-linear-tiled2 vulkan-backend
dw-block exp-dw-block shaders
LIST
du -sh .gpu
