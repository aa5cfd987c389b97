#!/bin/bash
# The kernel plans (operator and kernel of every dispatch, in order) of this build against the
# baseline build on the GPU machine: scripts/plan-diff.sh's check where the GPU kernels (cooperative
# matrices, shared-memory tiles, implicit im2col, split K) are chosen. One line per model and
# precision, "identical" or the first differences.
# Prepare with scripts/gpu/pack.sh BASELINE; run with carry [".gpu"] and "bash .gpu/plan-diff.sh".
set -u
[ -f /tmp/r50/resnet50-int8-qdq.onnx ] || python3 "$(dirname "$0")/make_resnet50.py" > /tmp/make.log 2>&1
. "$(dirname "$0")/setup.sh"
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
. "$(dirname "$0")/plan-compare.sh"
plan() { # CLASSPATH MODEL PRECISION BATCH
  local precision=()
  [ "$3" = file ] || precision=(--precision "$3")
  timeout 120 $J -cp "$1" org.djlvulkan.cli.Main bench --model "$2" --batch "$4" --warmup 0 \
    --iterations 1 --peer none --profile "${precision[@]}" 2>/dev/null | kernels
}
status=0
for c in r50:file:1 r50:fp16:1 r50:fp16:256 r50q:file:1 r50q:file:256 mnv2q:file:1; do
  IFS=: read -r name precision batch <<< "$c"
  case "$name" in
    r50) model=/tmp/r50/resnet50-fp32.onnx ;;
    r50q) model=/tmp/r50/resnet50-int8-qdq.onnx ;;
    mnv2q) model=$g/mobilenetv2-12-int8.onnx ;;
  esac
  compare "$name $precision batch $batch" "$(plan "$g/base/*:$third" "$model" "$precision" "$batch")" \
    "$(plan "$g/lib/*" "$model" "$precision" "$batch")" || status=1
done
exit $status
