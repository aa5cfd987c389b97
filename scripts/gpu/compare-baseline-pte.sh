#!/bin/bash
# Runs on the device tool's GPU machine: ResNet50 int8 as ONNX QDQ and as the shared .pte (issue 11:
# same plan, within 10%), the current jars against a baseline build (issue 16: speed unchanged),
# MobileNetV2 int8, and the peers (ONNX Runtime CPU, PyTorch CUDA) in the same run.
# Prepare with scripts/gpu/pack.sh --pte, or by hand (the carry limit is 64 MiB, so the JRE is
# packed without java.desktop):
#   ../shared/gpu/prepare.sh cli; cp scripts/gpu/peers.py scripts/gpu/compare-baseline-pte.sh .gpu/
#   cp ../shared/gpu/make_resnet50.py .gpu/; xz -9 -c ../shared/models/pte/resnet50-int8.pte > .gpu/r50.pte.xz
#   cp ../shared/models/mobilenetv2-12-int8.onnx .gpu/
#   jlink --add-modules java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported,jdk.zipfs \
#     --strip-debug --no-header-files --no-man-pages --compress=0 --output /tmp/gpu-jre
#   XZ_OPT=-9e tar cJf .gpu/jre.tar.xz -C /tmp gpu-jre      (about 13 MB instead of 29)
#   git worktree add /tmp/base BASELINE_COMMIT && (cd /tmp/base && mvn -q -o package -DskipTests)
#   mkdir -p .gpu/base && cp /tmp/base/{shaders,vulkan-backend,djl-engine,model-zoo,cli}/target/*-SNAPSHOT.jar .gpu/base/
# Then: run with carry [".gpu"] and the command "bash .gpu/compare-baseline-pte.sh".
set -u
g=$(cd "$(dirname "$0")" && pwd)
python3 $g/make_resnet50.py > $OUT/make.log 2>&1
python3 -c "import lzma,shutil; shutil.copyfileobj(lzma.open('$g/r50.pte.xz'), open('/tmp/r50/resnet50-int8.pte','wb'))"
cp $g/mobilenetv2-12-int8.onnx /tmp/r50/
[ -x /tmp/gpu-jre/bin/java ] || tar xJf "$g/jre.tar.xz" -C /tmp
for f in "$g"/debs/*.deb; do dpkg -x "$f" /; done; ldconfig
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_DRIVER_FILES=$icd
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
CUR="$g/lib/*"
BASE="$g/base/*:$third"
J="/tmp/gpu-jre/bin/java -Dorg.lwjgl.system.stackSize=1024"
B="--warmup 10 --iterations 40 --peer none"
m=/tmp/r50
bench() { tag=$1; cp=$2; shift 2; echo "=== $tag $*"; $J -cp "$cp" org.djlvulkan.cli.Main bench "$@" 2>&1 | grep -v '^\[' ; }
for round in 1 2; do
 bench cur-onnx-int8 "$CUR" --model $m/resnet50-int8-qdq.onnx --batch 1,32,256 $B
 bench base-onnx-int8 "$BASE" --model $m/resnet50-int8-qdq.onnx --batch 1,32,256 $B
 bench cur-pte-int8 "$CUR" --model $m/resnet50-int8.pte --batch 1,32,256 $B
done
bench cur-onnx-int8-pixels "$CUR" --model $m/resnet50-int8-qdq.onnx --batch 1,32,256 $B --pixels
bench cur-onnx-fp32 "$CUR" --model $m/resnet50-fp32.onnx --batch 1,32 $B
bench base-onnx-fp32 "$BASE" --model $m/resnet50-fp32.onnx --batch 1,32 $B
bench cur-mnv2-int8 "$CUR" --model $m/mobilenetv2-12-int8.onnx --batch 1,32 $B
bench base-mnv2-int8 "$BASE" --model $m/mobilenetv2-12-int8.onnx --batch 1,32 $B
bench cur-onnx-int8-prof "$CUR" --model $m/resnet50-int8-qdq.onnx --batch 1 --warmup 5 --iterations 5 --peer none --profile > $OUT/prof-onnx.txt
bench cur-pte-int8-prof "$CUR" --model $m/resnet50-int8.pte --batch 1 --warmup 5 --iterations 5 --peer none --profile > $OUT/prof-pte.txt
echo "=== peers"
python3 $g/peers.py $m/resnet50-int8-qdq.onnx,$m/resnet50-fp32.onnx,$m/mobilenetv2-12-int8.onnx --batch 1,32 --warmup 5 --iterations 20 2>&1 | grep -v Warning
