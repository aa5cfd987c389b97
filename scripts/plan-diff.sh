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
plan() { # CHECKOUT MODEL PRECISION
  local args=(bench --model "$2" --batch 1 --warmup 0 --iterations 1 --peer none --profile)
  [ "$3" != "-" ] && args+=(--precision "$3")
  "$1/bin/djl-vulkan" "${args[@]}" 2>/dev/null | sed -n '/^profile/,$p' | sed '/^products/,$d' | awk 'NF >= 3 {print $2, $3}'
}
status=0
for m in "${models[@]}"; do
  read -r model precision <<< "$m"
  a=$(plan "$before" "$model" "$precision")
  b=$(plan "$after" "$model" "$precision")
  name="$(basename "$model") $precision ($(wc -l <<< "$a") dispatches)"
  if [ -z "$a" ]; then
    echo "$name: no plan from $before"; status=1
  elif [ "$a" == "$b" ]; then
    echo "$name: identical"
  else
    echo "$name: differs"; { diff <(echo "$a") <(echo "$b") || true; } | head -20; status=1
  fi
done
exit $status
