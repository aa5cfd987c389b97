#!/bin/bash
# Builds the VK_KHR_cooperative_matrix ceiling probe (ceiling.comp, session 30) into .gpu/cm2 (run
# from the repository root after scripts/gpu/pack.sh): variants MODE:SGR:SGC:FM:FN[:KS:DEPTH:PARTS:VEC_PUT]
# (ceiling.comp's header says what each MODE leaves in the loop over K; KS, DEPTH, PARTS and VEC_PUT are MODE 3's). On the GPU machine "bash .gpu/cm2/run.sh"
# prints the device's cooperative-matrix shapes, then per variant its check (MODE 2 only is a
# correct GEMM) and microseconds and TOPS on ResNet50's GEMM shapes at batch 256.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
VARIANTS=""
for cfg in ${CEILING:-0:4:4:2:2 0:2:2:2:2 0:2:2:4:4 0:2:4:4:2 1:4:4:2:2 1:2:2:4:4 1:2:4:4:2 2:4:4:2:2 2:2:2:4:4 2:2:4:4:2 2:2:2:2:2}; do
  IFS=: read -r mode sgr sgc fm fn ks depth parts vec <<< "$cfg"
  VARIANTS="$VARIANTS khr$mode-$sgr$sgc-$fm$fn-${ks:-64}-${depth:-1}-${parts:-0}-${vec:-0}"
done
out=.gpu/cm2
rm -rf "$out" && mkdir -p "$out/spv" "$out/classes"
mvn -B -o -q dependency:build-classpath -pl shaders -Dmdep.outputFile=/tmp/cm2-cp.txt >/dev/null
cp=$(cat /tmp/cm2-cp.txt)
list=""
for v in $VARIANTS; do
  IFS=- read -r mode sg f ks depth parts vec <<< "${v#khr}"
  sgr=${sg:0:1}; sgc=${sg:1:1}; fm=${f:0:1}; fn=${f:1:1}
  java -cp "$cp" "$here/CompileVariant.java" "$here/ceiling.comp" "$out/spv/$v.spv" \
    MODE=$mode SGR=$sgr SGC=$sgc FM=$fm FN=$fn KS=$ks DEPTH=$depth PARTS=$parts VEC_PUT=$vec
  list="$list $v:$((sgr * fm * 16)):$((sgc * fn * 16)):0:0"
done
# VK_NV_cooperative_matrix2 variants of gemm.comp (NAME:BM:BN:BK:PIPE), int8, plain layout.
for cfg in ${CM2:-}; do
  IFS=: read -r n bm bn bk pipe <<< "$cfg"
  java -cp "$cp" "$here/CompileVariant.java" "$here/gemm.comp" "$out/spv/$n.spv" \
    WG=256 BM=$bm BN=$bn BK=$bk FP16=0 BLOCKED=0 PIPE=$pipe
  list="$list $n:$bm:$bn:0:0"
done
echo "$list" > "$out/variants.txt"
javac -cp "$cp:$(ls ~/.m2/repository/org/lwjgl/lwjgl-vulkan/*/lwjgl-vulkan-*.jar | head -1)" \
  -d "$out/classes" "$here/Cm2Probe.java"
cat > "$out/run.sh" <<'RUN'
#!/bin/bash
g=$(cd "$(dirname "$0")/.." && pwd)
. "$g/setup.sh"
timeout ${LIMIT:-400} $J -cp "$g/cm2/classes:$g/lib/*" Cm2Probe "$g/cm2/spv" $(cat "$g/cm2/variants.txt") 2>&1 | tee "$OUT/cm2.log"
RUN
