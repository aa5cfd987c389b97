#!/bin/bash
# Builds the VK_NV_cooperative_matrix2 GEMM probe into .gpu/cm2 (run from the repository root after
# scripts/gpu/pack.sh): compiles gemm.comp's variants (NAME:BM:BN:BK:FP16:BLOCKED:INVOCATIONS) to
# SPIR-V 1.6 with lwjgl-shaderc and Cm2Probe.java against the LWJGL jars. On the GPU machine,
# "bash .gpu/cm2/run.sh" prints the device's cooperative_matrix2 features and flexible shapes,
# checks each variant against a host GEMM (int8: exact; fp16: relative 1e-2) and times it on
# ResNet50-like shapes (M positions, N channels, K reduction). See docs/benchmarks.md, session 17.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=.gpu/cm2
rm -rf "$out" && mkdir -p "$out/spv" "$out/classes"
mvn -B -o -q dependency:build-classpath -pl shaders -Dmdep.outputFile=/tmp/cm2-cp.txt >/dev/null
cp=$(cat /tmp/cm2-cp.txt)
variants=""
for cfg in ${VARIANTS:-i8:128:128:64:0:0:256 i8:256:128:64:0:0:256 i8:128:128:128:0:0:256 i8b:128:128:64:0:1:256 f16:128:128:32:1:0:256 f16:256:128:32:1:0:256}; do
  IFS=: read -r n bm bn bk f b wg <<< "$cfg"
  name=${n}_${bm}x${bn}x${bk}_${wg}
  java -cp "$cp" "$here/CompileVariant.java" "$here/gemm.comp" "$out/spv/$name.spv" \
    WG=$wg BM=$bm BN=$bn BK=$bk FP16=$f BLOCKED=$b
  variants="$variants $name:$bm:$bn:$f:$b"
done
echo "$variants" > "$out/variants.txt"
javac -cp "$cp:$(ls ~/.m2/repository/org/lwjgl/lwjgl-vulkan/*/lwjgl-vulkan-*.jar | head -1)" \
  -d "$out/classes" "$here/Cm2Probe.java"
cat > "$out/run.sh" <<'RUN'
#!/bin/bash
g=$(cd "$(dirname "$0")/.." && pwd)
. "$g/setup.sh"
timeout ${LIMIT:-400} $J -cp "$g/cm2/classes:$g/lib/*" Cm2Probe "$g/cm2/spv" $(cat "$g/cm2/variants.txt") 2>&1 | tee "$OUT/cm2.log"
RUN
