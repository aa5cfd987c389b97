#!/bin/bash
# Issue 14's "MobileNetV2 and SqueezeNet faster in the fp16 mode than their fp32 runs", on the GPU
# machine: SqueezeNet (../shared/models/squeezenet-fp16.onnx: fp16 weights and edges, computed in
# fp32 unless --precision fp16) and MobileNetV2 fp32 as an ExecuTorch program
# (../shared/models/pte/mobilenet_v2-fp32.pte), each at batch 1 as it is and with --precision fp16,
# interleaved (ROUNDS, default 2). Prepare with scripts/gpu/pack.sh and
#   cp ../shared/models/squeezenet-fp16.onnx .gpu/ && xz -9 -c ../shared/models/pte/mobilenet_v2-fp32.pte > .gpu/mnv2.pte.xz
# then run with carry [".gpu"] and "bash .gpu/small-models.sh".
set -u
. "$(dirname "$0")/setup.sh"
[ -f /tmp/mnv2.pte ] || xz -dc "$g/mnv2.pte.xz" > /tmp/mnv2.pte
bench() { # LABEL MODEL EXTRA...
  local label=$1 model=$2
  shift 2
  echo "=== $label"
  timeout 90 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model "$model" --batch 1 --warmup 20 \
    --iterations 50 --peer none "$@" 2>&1 | grep -E '^\| 1 \|' | head -2
}
for round in $(seq 1 "${ROUNDS:-2}"); do
  bench "squeezenet as it is (fp32 compute) r$round" "$g/squeezenet-fp16.onnx"
  bench "squeezenet --precision fp16 r$round" "$g/squeezenet-fp16.onnx" --precision fp16
  bench "mobilenet_v2 fp32 .pte r$round" /tmp/mnv2.pte
  bench "mobilenet_v2 fp32 .pte --precision fp16 r$round" /tmp/mnv2.pte --precision fp16
done
