#!/bin/bash
# Packs issue 15's Spark throughput run for the device tool's GPU machine. Spark's jars (about
# 250 MB without RocksDB) do not fit one call's 64 MiB, so the files are spread over chunk folders
# .sp1 .. .spN (git-ignored, under 56 MiB each). Carry one chunk per call on the same warm machine
# (it goes back after 30 s idle) and copy it out of the checkout, since a call removes the carried
# paths it does not name:  mkdir -p /tmp/spc && cp -r .spK /tmp/spc/
# then, in the call that carries the last chunk:
#   bash /tmp/spc/.spN/spark-throughput.sh   (see that script for its settings)
# Needs a build: mvn -o install -DskipTests, and mvn -o test-compile -pl spark.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
shared=$(cd "$root/../shared" && pwd)
limit=$((56 * 1024 * 1024))
stage=/tmp/sp-stage
rm -rf "$stage" .sp[0-9]*
mkdir -p "$stage/spark" "$stage/cli" "$stage/misc/debs"
grep -qx '/.sp\*/' .git/info/exclude || echo '/.sp*/' >> .git/info/exclude

# Spark's runtime jars, less what a local job never loads: RocksDB (state stores, the history
# server) and netty-tcnative for other platforms.
for f in spark/target/lib/*.jar; do
  case "$(basename "$f")" in
    rocksdbjni-*|netty-tcnative-*osx*|netty-tcnative-*windows*|netty-tcnative-*aarch*) ;;
    *) cp "$f" "$stage/spark/" ;;
  esac
done
cp spark/target/spark-*-SNAPSHOT.jar "$stage/spark/"
(cd spark/target/test-classes && jar cf "$stage/spark/spark-throughput-bench.jar" \
  org/djlvulkan/spark/SparkThroughputBench*.class org/djlvulkan/spark/HostPrepBench*.class)
# The CLI's bench: its own jars and those Spark's folder lacks.
cp cli/target/cli-*-SNAPSHOT.jar tools/target/tools-*-SNAPSHOT.jar "$stage/cli/"
for f in cli/target/lib/*.jar; do
  b=$(basename "$f")
  case "$b" in onnxruntime-*) continue ;; esac
  [ -f "$stage/spark/$b" ] || cp "$f" "$stage/cli/"
done

# A Java runtime with what Spark and image decoding need (java.desktop for ImageIO).
rm -rf /tmp/sp-jre
jlink --add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.security.auth,jdk.management,jdk.jfr,jdk.jcmd \
  --strip-debug --no-header-files --no-man-pages --compress=0 --output /tmp/sp-jre
XZ_OPT=-9 tar cJf "$stage/misc/jre.tar.xz" -C /tmp sp-jre
# The Vulkan loader (with the packages ../shared/gpu/prepare.sh takes for NVIDIA's driver) and the
# libraries the JDK's JPEG and colour code link (libjpeg, lcms2).
mkdir -p /tmp/gpu-apt/partial
o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/gpu-apt'
apt-get $o update -qq
(cd "$stage/misc/debs" && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 \
  libglx0 libgles2 libjpeg62-turbo liblcms2-2 2>&1 | grep -v unsandboxed || true)
cp scripts/gpu/spark-throughput.sh scripts/gpu/jfr_top.py spark/spark-jvm.options "$shared/gpu/make_resnet50.py" "$shared/models/synset.txt" \
  "$shared/models/mobilenetv2-12-int8.onnx" "$stage/misc/"

# Spread the files over chunks, largest first, each into the first chunk with room; the scripts
# go into the last chunk.
n=0
declare -a used=()
while read -r size rel; do
  placed=""
  for ((k = 1; k <= n; k++)); do
    if ((used[k] + size <= limit)); then placed=$k; break; fi
  done
  if [ -z "$placed" ]; then n=$((n + 1)); used[n]=0; placed=$n; fi
  used[placed]=$((used[placed] + size))
  mkdir -p ".sp$placed/$(dirname "$rel")"
  cp "$stage/$rel" ".sp$placed/$rel"
done < <(cd "$stage" && find . -type f ! -name '*.sh' -printf '%s %P\n' | sort -rn)
cp "$stage/misc/spark-throughput.sh" "$stage/misc/jfr_top.py" ".sp$n/"
echo "$n" > ".sp$n/CHUNKS"
du -sh .sp[0-9]*
