#!/bin/bash
# Builds the cooperative-matrix probes into .gpu/cm2 (run from the repository root after
# scripts/gpu/pack.sh): Cm2Probe.java against the LWJGL jars, and the SPIR-V 1.6 variants (compiled
# with lwjgl-shaderc) of
#   gemm.comp (VK_NV_cooperative_matrix2, session 17): CM2 entries NAME:BM:BN:BK:FP16:BLOCKED:WG[:PIPE]
#     (PIPE 1 issues the next step's tensor loads before this step's products, session 30);
#   ceiling.comp (VK_KHR_cooperative_matrix ceilings, session 30): CEILING entries
#     MODE:SGR:SGC:FM:FN[:KS:DEPTH:PARTS:VEC_PUT:FP16] (its header says what each MODE leaves in the
#     loop over K; KS, DEPTH, PARTS and VEC_PUT are MODE 3's; FP16 1 for fp16 products), named
#     khrMODE-SGRSGC-FMFN-KS-DEPTH-PARTS-VEC, with -h for fp16.
# With neither set, session 17's gemm.comp list. On the GPU machine
# "PART=A PROBE_ONLY=1 bash .gpu/session30.sh" (or "bash .gpu/cm2/run.sh") prints the device's
# cooperative-matrix shapes, then per variant the driver's register and shared-memory counts, its
# check against a host GEMM (int8 exact, fp16 relative 1e-2; KHR MODE 0, 1 and the timing-only parts
# are wrong on purpose) and microseconds and TOPS on ResNet50's GEMM shapes at batch 256.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${CM2+x}" ] && [ -z "${CEILING+x}" ]; then
  CM2="i8:128:128:64:0:0:256 i8:256:128:64:0:0:256 i8:128:128:128:0:0:256 i8b:128:128:64:0:1:256 f16:128:128:32:1:0:256 f16:256:128:32:1:0:256"
fi
out=.gpu/cm2
rm -rf "$out" && mkdir -p "$out/spv" "$out/classes"
mvn -B -o -q dependency:build-classpath -pl shaders -Dmdep.outputFile=/tmp/cm2-cp.txt >/dev/null
cp=$(cat /tmp/cm2-cp.txt)
compile() { java -cp "$cp" "$here/CompileVariant.java" "$@"; }
list=""
for cfg in ${CM2:-}; do
  IFS=: read -r n bm bn bk f b wg pipe <<< "$cfg"
  name=${n}_${bm}x${bn}x${bk}_${wg}${pipe:+_p$pipe}
  compile "$here/gemm.comp" "$out/spv/$name.spv" WG=$wg BM=$bm BN=$bn BK=$bk FP16=$f BLOCKED=$b \
    PIPE=${pipe:-0}
  list="$list $name:$bm:$bn:$f:$b"
done
for cfg in ${CEILING:-}; do
  IFS=: read -r mode sgr sgc fm fn ks depth parts vec f16 <<< "$cfg"
  ks=${ks:-64}; depth=${depth:-1}; parts=${parts:-0}; vec=${vec:-0}; f16=${f16:-0}
  name=khr$mode-$sgr$sgc-$fm$fn-$ks-$depth-$parts-$vec
  [ "$f16" = 1 ] && name=$name-h
  compile "$here/ceiling.comp" "$out/spv/$name.spv" MODE=$mode SGR=$sgr SGC=$sgc FM=$fm FN=$fn \
    KS=$ks DEPTH=$depth PARTS=$parts VEC_PUT=$vec FP16=$f16
  list="$list $name:$((sgr * fm * 16)):$((sgc * fn * 16)):$f16:0"
done
echo "$list" > "$out/variants.txt"
javac -cp "$cp:$(ls ~/.m2/repository/org/lwjgl/lwjgl-vulkan/*/lwjgl-vulkan-*.jar | head -1)" \
  -d "$out/classes" "$here/Cm2Probe.java"
cat > "$out/run.sh" <<'RUN'
#!/bin/bash
# setup.sh takes its folder from its caller's; the probe's files are one level down.
g=$(cd "$(dirname "$0")/.." && pwd)
. "$g/setup.sh" >/dev/null 2>&1 || true
g=$(cd "$(dirname "$0")/.." && pwd)
timeout ${LIMIT:-400} /tmp/gpu-jre/bin/java -cp "$g/cm2/classes:$g/lib/*" Cm2Probe "$g/cm2/spv" \
  $(cat "$g/cm2/variants.txt") 2>&1 | tee "${OUT:-/tmp}/cm2.log"
RUN
