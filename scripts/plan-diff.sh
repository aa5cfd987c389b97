#!/usr/bin/env bash
# Compares the kernel plans (operator and kernel of every dispatch, in order) of two checkouts on
# this machine's default Vulkan device: the regression check for refactorings that must not change
# what runs. Each checkout must be built (mvn -q package -DskipTests). Uses the shared models.
#   scripts/plan-diff.sh BEFORE_CHECKOUT AFTER_CHECKOUT [SHARED_DIR]
# Prints one line per model, "identical" or the diff, and exits 1 when any plan differs.
set -euo pipefail
before=$1 after=$2
shared=${3:-$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/../.." && pwd)/shared}
export DJL_VULKAN_MODEL_MIRROR=$shared/models
models=(
  "mobilenetv2 int8" "resnet50 int8" "resnet50 fp32" "squeezenet fp32"
  "$shared/models/resnet50/resnet50-int8-qop.onnx -"
  "$shared/models/pte/resnet50-int8.pte -" "$shared/models/pte/mobilenet_v2-int8.pte -"
  "$shared/models/pte/mobilenet_v2-fp32.pte -"
)
. "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/gpu/plan-compare.sh"
plan() { # CHECKOUT MODEL PRECISION
  local args=(bench --model "$2" --batch 1 --warmup 0 --iterations 1 --peer none --profile)
  [ "$3" != "-" ] && args+=(--precision "$3")
  "$1/bin/djl-vulkan" "${args[@]}" 2>/dev/null | kernels
}
status=0
for m in "${models[@]}"; do
  read -r model precision <<< "$m"
  compare "$(basename "$model") $precision" "$(plan "$before" "$model" "$precision")" \
    "$(plan "$after" "$model" "$precision")" || status=1
done
exit $status
