#!/bin/bash
# Adds what running the backend's JUnit tests on the device tool's GPU machine needs to .gpu/:
# the backend test jar, the test fixtures, AssertJ and JUnit's console launcher (versions from the
# parent pom).
# Run after ../shared/gpu/prepare.sh cli. On the GPU machine:
#   bash .gpu/run.sh org.junit.platform.console.ConsoleLauncher execute \
#     --class-path .gpu/lib/vulkan-backend-tests.jar --select-class <test class> ...
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
[ -d .gpu/lib ] || { echo "run ../shared/gpu/prepare.sh cli first" >&2; exit 1; }
prop() { sed -n "s:.*<$1>\\(.*\\)</$1>.*:\\1:p" pom.xml | head -1; }
junit=$(prop junit.version)
assertj=$(prop assertj.version)
platform="1.${junit#5.}"
for a in "org.junit.platform:junit-platform-console-standalone:$platform" \
         "org.assertj:assertj-core:$assertj"; do
  mvn -B -q -U dependency:copy -Dartifact="$a" -DoutputDirectory="$root/.gpu/lib"
done
cp vulkan-backend/target/vulkan-backend-*-tests.jar .gpu/lib/vulkan-backend-tests.jar
# The fixtures every test suite shares (validation report, shared files, probe JVMs).
cp test-fixtures/target/test-fixtures-*.jar .gpu/lib/
du -sh .gpu
