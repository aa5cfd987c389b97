#!/bin/bash
# Packs .gpu/ for the device tool's GPU machine (carry [".gpu"], 64 MiB at most): a small Java
# runtime (no java.desktop; with jdk.jfr for flight recordings), the Vulkan loader's packages, the
# CLI's jars and their dependencies, a baseline build's jars, the measuring scripts and the small
# models. The ResNet50 ONNX files are made on the GPU machine by ../shared/gpu/make_resnet50.py.
#   scripts/gpu/pack.sh [BASELINE_COMMIT] [--pte] [--junit]
# --pte adds the shared ResNet50 int8 .pte, xz-compressed (24 MB). --junit adds what kernel tests on
# the GPU need (scripts/prepare-gpu-tests.sh: the backend's test jar, AssertJ, JUnit's console
# launcher) and .gpu/input_0.pb (a ResNet50 input). Then run, for example,
#   bash .gpu/compare-baseline-pte.sh        (needs --pte)
#   bash .gpu/fp32-epilogue-variants.sh      (see its header for the variant jars)
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
shared=$(cd "$root/../shared" && pwd)
baseline=8677980
pte=false
junit=false
for arg in "$@"; do
  case "$arg" in
    --pte) pte=true ;;
    --junit) junit=true ;;
    *) baseline=$arg ;;
  esac
done
"$shared/gpu/prepare.sh" cli
if ! tar tJf .gpu/jre.tar.xz gpu-jre/lib/libjfr.so >/dev/null 2>&1; then
  rm -rf /tmp/gpu-jre
  jlink --add-modules java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported,jdk.zipfs,jdk.jfr \
    --strip-debug --no-header-files --no-man-pages --compress=0 --output /tmp/gpu-jre
  XZ_OPT=-9e tar cJf .gpu/jre.tar.xz -C /tmp gpu-jre
fi
cp scripts/gpu/*.sh scripts/gpu/peers.py "$shared/gpu/make_resnet50.py" docs/bench/targets.json .gpu/
n=$(grep -n '^class Calib' "$shared/gpu/make_resnet50.py" | cut -d: -f1)
head -n $((n - 1)) "$shared/gpu/make_resnet50.py" > .gpu/make_fp32.py
cp "$shared/models/mobilenetv2-12-int8.onnx" .gpu/
if $pte; then
  xz -9 -c "$shared/models/pte/resnet50-int8.pte" > .gpu/r50.pte.xz
else
  rm -f .gpu/r50.pte.xz
fi
if [ ! -d .gpu/base ] || [ "$(cat .gpu/base/COMMIT 2>/dev/null)" != "$baseline" ]; then
  rm -rf /tmp/gpu-base && git worktree add -f /tmp/gpu-base "$baseline" >/dev/null
  (cd /tmp/gpu-base && mvn -q -o package -DskipTests -Dspotless.check.skip=true)
  rm -rf .gpu/base && mkdir -p .gpu/base
  cp /tmp/gpu-base/{shaders,vulkan-backend,djl-engine,model-zoo,cli}/target/*-SNAPSHOT.jar .gpu/base/
  # Builds from the tools module on: the CLI's bench code lives there.
  cp /tmp/gpu-base/tools/target/*-SNAPSHOT.jar .gpu/base/ 2>/dev/null || true
  echo "$baseline" > .gpu/base/COMMIT
  git worktree remove --force /tmp/gpu-base
fi
if $junit; then
  scripts/prepare-gpu-tests.sh >/dev/null
  cp "$shared/models/resnet50/testdata/resnet50-fp32/test_data_set_0/input_0.pb" .gpu/
fi
du -sh .gpu
