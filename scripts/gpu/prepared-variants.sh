#!/bin/bash
# Builds the variant jars of every experiment prepared and not yet run into .gpu/variants (after
# scripts/gpu/pack.sh BASELINE --junit), about a minute; .gpu then stays under the device tool's
# 64 MiB. Nothing needs one now: session 30's list (output-memory.sh, wide256.sh) and session 31's
# dw-block.sh ran in session 31 (docs/benchmarks.md), and session 31's session31d.sh runs on the
# packed build alone. Still prepared from session 30, the fp16 ceilings (issue 14): build them with
#   CM2= CEILING="0:2:4:4:2:64:1:0:0:1 1:2:4:4:2:64:1:0:0:1 3:2:4:4:2:32:1:0:0:1 \
#     3:4:4:2:2:64:1:0:0:1 3:2:4:4:2:32:1" bash scripts/gpu/coopmat2/build.sh
# and run "PART=A PROBE_ONLY=1 bash .gpu/session30.sh" in the same call.
set -euo pipefail
here=$(dirname "$0")
rm -rf .gpu/variants
while read -r name branch module; do
  bash "$here/variant-jar.sh" "$name" "$branch" "$module" < /dev/null
done <<'LIST'
LIST
du -sh .gpu
