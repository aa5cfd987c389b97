#!/bin/bash
# Rebuilds session24.sh's variant jars on top of the current HEAD: each experiment branch is its
# one commit replayed on HEAD (shfl, f16st and mmaonly on top of uvec4), then built into
# .gpu/variants/ (scripts/gpu/variant-jar.sh). Run from the main worktree, on a clean tree.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
head=$(git rev-parse --abbrev-ref HEAD)
top() { git rev-parse "$1"; }
U=$(top exp-uvec4) S=$(top exp-shfl) F=$(top exp-f16st) M=$(top exp-mmaonly) A=$(top exp-auto1p)
W=$(top exp-wgkpf)
git checkout -q -B exp-uvec4 "$head" && git cherry-pick "$U" >/dev/null
U2=$(top HEAD)
git checkout -q -B exp-shfl "$U2" && git cherry-pick "$S" >/dev/null
git checkout -q -B exp-f16st "$U2" && git cherry-pick "$F" >/dev/null
git checkout -q -B exp-mmaonly "$U2" && git cherry-pick "$M" >/dev/null
git checkout -q -B exp-auto1p "$head" && git cherry-pick "$A" >/dev/null
git checkout -q -B exp-wgkpf "$head" && git cherry-pick "$W" >/dev/null
git checkout -q "$head"
for v in "uvec4 exp-uvec4 shaders" "shfl exp-shfl shaders" "f16st exp-f16st shaders" \
  "mmaonly exp-mmaonly shaders" "auto1p exp-auto1p vulkan-backend" "wgkpf exp-wgkpf shaders"; do
  # shellcheck disable=SC2086
  scripts/gpu/variant-jar.sh $v | tail -1
done
