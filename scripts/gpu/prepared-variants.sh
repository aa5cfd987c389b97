#!/bin/bash
# Builds the variant jars of every experiment prepared and not yet run into .gpu/variants (after
# scripts/gpu/pack.sh BASELINE --junit), about a minute; .gpu then stays under the device tool's
# 64 MiB. Each script's header names its jars: gemv-diag.sh (gemvdiag1, gemvdiag2), gap-split.sh
# (gapsplit-shaders, gapsplit-backend); shortk-tiles.sh needs none. Then, with carry [".gpu"], e.g.
# "bash .gpu/gemv-diag.sh; bash .gpu/gap-split.sh; bash .gpu/shortk-tiles.sh" in one call. (Session 28's list - tiles2, reduceahead, f16ahead,
# f16diag, s2d - ran in session 29 and is in git history.)
set -euo pipefail
here=$(dirname "$0")
rm -rf .gpu/variants
while read -r name branch module; do
  bash "$here/variant-jar.sh" "$name" "$branch" "$module" < /dev/null
done <<'LIST'
gemvdiag1 exp-gemv-diag shaders
gemvdiag2 exp-gemv-diag2 shaders
gapsplit-shaders exp-gap-split shaders
gapsplit-backend exp-gap-split vulkan-backend
LIST
du -sh .gpu
