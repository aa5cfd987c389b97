#!/bin/bash
# Rebuilds session26.sh's variant jars on top of the current HEAD: each experiment branch (one
# commit that changes a constant of QConvKernelSelector) is replayed on HEAD, then built into
# .gpu/variants/ (scripts/gpu/variant-jar.sh). Run from the main worktree, on a clean tree, after
# scripts/gpu/pack.sh.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
head=$(git rev-parse --abbrev-ref HEAD)
for b in exp-l64 exp-t128l64 exp-q8t64; do
  tip=$(git rev-parse "$b")
  git checkout -q -B "$b" "$head" && git cherry-pick "$tip" >/dev/null
done
git checkout -q "$head"
for v in "l64 exp-l64" "t128l64 exp-t128l64" "q8t64 exp-q8t64"; do
  set -- $v
  bash scripts/gpu/variant-jar.sh "$1" "$2" vulkan-backend
done
