#!/bin/bash
# A kernel change against a baseline build on the GPU machine: the kernel tests of the float GEMMs
# (the f16 cooperative-matrix kernel's forms included) and of the q8ta cooperative-matrix GEMM,
# then bench of each case of CASES, this build against the baseline and against each shader
# variant (a module's jar built with other defines or from another commit, .gpu/variants/NAME.jar
# from scripts/gpu/variant-jar.sh, run ahead of this build's jars on the class path), interleaved
# (ROUNDS, default 2), and with PRODUCTS=1 each convolution kernel's TOPS in a profiled run.
#   CASES  space-separated MODEL:PRECISION:BATCHES[:GLOB[:SETTINGS]], MODEL one of r50 (ResNet50
#          fp32), r50q (ResNet50 int8 QDQ), mnv2q (MobileNetV2 int8), PRECISION fp16 or file (the
#          file as it is: strict fp32, or int8), GLOB the variant jars it runs (default: none),
#          SETTINGS this build under settings as comma-separated NAME=SETTING=VALUE (e.g.
#          implicit=DJL_VULKAN_IM2COL=implicit); default "r50:fp16:1,32,256"
#   TEST_VARIANTS=1  also runs the kernel tests with each variant jar ahead of the build's
# Prepare with scripts/gpu/pack.sh BASELINE --junit (and scripts/gpu/variant-jar.sh for variants);
# run with carry [".gpu"] and "bash .gpu/ab.sh".
set -u
cases=${CASES:-r50:fp16:1,32,256}
if [[ "$cases" == *r50q* ]]; then
  [ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
fi
. "$(dirname "$0")/setup.sh"
echo "=== kernel tests"
tests=()
for c in fp.ResidualAddFusionTest fp.ImplicitIm2colTest fp.HalfStorageOpsTest \
  int8.QConvCoopmatTest int8.FusedResidualAddTest int8.QConvImplicitIm2colTest; do
  tests+=(--select-class "org.djlvulkan.backend.ops.$c")
done
kernel_tests 150 "${tests[@]}"
# TEST_VARIANTS=1: the same tests with each variant jar ahead of the build's.
if [ -n "${TEST_VARIANTS:-}" ]; then
  for v in "$g"/variants/*.jar; do
    echo "=== kernel tests, variant $(basename "$v" .jar)"
    KERNEL_JAR=$v kernel_tests 150 "${tests[@]}"
  done
fi
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
model_file() {
  case "$1" in
    r50) echo /tmp/r50/resnet50-fp32.onnx ;;
    r50q) echo /tmp/r50/resnet50-int8-qdq.onnx ;;
    mnv2q) echo "$g/mobilenetv2-12-int8.onnx" ;;
  esac
}
bench() { # LABEL CLASSPATH MODEL PRECISION BATCHES [SETTING=VALUE]
  echo "=== $1"
  local precision=()
  [ "$4" = file ] || precision=(--precision "$4")
  timeout 120 env ${6:-} $J -cp "$2" org.djlvulkan.cli.Main bench --model "$3" --batch "$5" --warmup 20 \
    --iterations 30 --peer none "${precision[@]}" 2>&1 \
    | grep -E '^\| (1|32|256) \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$'
}
for round in $(seq 1 "${ROUNDS:-2}"); do
  for c in $cases; do
    IFS=: read -r name precision batches glob settings <<< "$c"
    model=$(model_file "$name")
    bench "$name $precision this build r$round" "$g/lib/*" "$model" "$precision" "$batches"
    bench "$name $precision baseline $(cat $g/base/COMMIT) r$round" "$g/base/*:$third" \
      "$model" "$precision" "$batches"
    for ev in ${settings//,/ }; do
      bench "$name $precision ${ev%%=*} r$round" "$g/lib/*" "$model" "$precision" "$batches" "${ev#*=}"
    done
    [ -n "$glob" ] || continue
    for v in "$g"/variants/$glob.jar; do
      [ -f "$v" ] && bench "$name $precision variant $(basename "$v" .jar) r$round" \
        "$v:$g/lib/*" "$model" "$precision" "$batches"
    done
  done
done
# PRODUCTS=1: each convolution kernel's multiply-adds and TOPS in one profiled run of this build,
# against the H100/H200 SXM dense peaks (int8 1,979 TOPS, fp16 989 TFLOPS).
if [ -n "${PRODUCTS:-}" ]; then
  products() { # MODEL PRECISION BATCH PEAK
    local precision=()
    [ "$2" = file ] || precision=(--precision "$2")
    echo "=== products $(basename "$1") $2 batch $3"
    timeout 120 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model "$1" --batch "$3" \
      --warmup 3 --iterations 3 --peer none --profile --peak-tops "$4" "${precision[@]}" 2>&1 \
      | sed -n '/^products/,$p'
  }
  [ -f /tmp/r50/resnet50-int8-qdq.onnx ] && products /tmp/r50/resnet50-int8-qdq.onnx file 256 1979
  products $M fp16 256 989
fi
