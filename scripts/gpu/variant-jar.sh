#!/bin/bash
# Builds one module's jar as it is at another commit, or at HEAD with a file of it taken from that
# commit, into .gpu/variants/NAME.jar, for scripts/gpu/ab.sh to run ahead of this build's jars (a
# shaders jar changes kernels, a vulkan-backend jar the Java side; keep the other modules' APIs).
#   scripts/gpu/variant-jar.sh NAME COMMIT MODULE [FILE...]
#   scripts/gpu/variant-jar.sh NAME PATCH.patch MODULE
# Without FILE the whole checkout is COMMIT; with FILEs, HEAD with those files from COMMIT; with a
# patch file (scripts/gpu/patches/: prepared changes kept on main, since only main outlives a
# session), HEAD with the patch applied, after the patch its "# on top of: FILE" line names (in the
# same folder, and so on down the chain). E.g.
# the GEMMs' next-stage fetch of session 12, measured on no GPU yet:
#   scripts/gpu/variant-jar.sh f16-prefetch 6c884cb shaders \
#     shaders/src/main/glsl/gemm/gemm_coopmat_f16.comp shaders/src/main/glsl/gemm/gemm_shared.comp
set -euo pipefail
name=$1 commit=$2 module=$3
shift 3
root=$(git rev-parse --show-toplevel)
tree=/tmp/variant-$name
base=$commit
patch=""
if [[ "$commit" == *.patch ]]; then
  patch=$(cd "$(dirname "$commit")" && pwd)/$(basename "$commit")
  base=HEAD
fi
[ $# -gt 0 ] && base=HEAD
rm -rf "$tree" && git -C "$root" worktree add -f "$tree" "$base" >/dev/null
# Applies a patch after the chain of patches it is on top of.
apply_chain() {
  local below
  below=$(sed -n 's/^# on top of: //p' "$1" | head -1)
  if [ -n "$below" ]; then
    apply_chain "$(dirname "$1")/$below"
  fi
  git -C "$tree" apply "$1"
}
if [ -n "$patch" ]; then
  apply_chain "$patch"
fi
for f in "$@"; do
  git -C "$tree" checkout "$commit" -- "$f"
done
(cd "$tree" && mvn -B -q -o install -pl "$module" -am -DskipTests -Dspotless.check.skip=true \
  -Dmaven.install.skip=true)
mkdir -p "$root/.gpu/variants"
cp "$tree/$module"/target/"$module"-*-SNAPSHOT.jar "$root/.gpu/variants/$name.jar"
git -C "$root" worktree remove --force "$tree"
if [ -n "$patch" ]; then
  echo ".gpu/variants/$name.jar: $module at HEAD with $commit applied"
elif [ $# -gt 0 ]; then
  echo ".gpu/variants/$name.jar: $module at HEAD with $* from $commit"
else
  echo ".gpu/variants/$name.jar: $module at $commit"
fi
