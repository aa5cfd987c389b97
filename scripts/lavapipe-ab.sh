#!/bin/bash
# A/B of two builds on this machine's Vulkan device (lavapipe in CI and on the development VM):
# bench of one model, interleaved rounds, --peer none (ONNX Runtime's spinning worker threads slow
# the engine in the same process on 2 cores), then one run of the current build with ONNX Runtime
# CPU as the peer, for the ratio.
#   scripts/lavapipe-ab.sh BASELINE_JARS_DIR MODEL [BATCHES] [EXTRA bench options...]
# BASELINE_JARS_DIR holds the baseline's SNAPSHOT jars (scripts/gpu/pack.sh makes .gpu/base);
# the current build is this checkout's (mvn -q install -DskipTests first). ROUNDS (default 2),
# ITERATIONS (default 5).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
base=$1
model=$2
batches=${3:-1}
shift $(( $# >= 3 ? 3 : 2 ))
extra=("$@")
third=$(ls "$root"/cli/target/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
current="$root/cli/target/cli-0.1.0-SNAPSHOT.jar:$root/cli/target/lib/*"
run() { # LABEL CLASSPATH PEER
  echo "=== $1"
  java -Dorg.lwjgl.system.stackSize=1024 -cp "$2" org.djlvulkan.cli.Main bench --model "$model" \
    --batch "$batches" --warmup 2 --iterations "${ITERATIONS:-5}" --peer "$3" "${extra[@]}" 2>&1 \
    | grep -E '^\| [0-9]' | head -8
}
for round in $(seq 1 "${ROUNDS:-2}"); do
  run "current r$round" "$current" none
  run "baseline $(cat "$base/COMMIT" 2>/dev/null || echo "$base") r$round" "$base/*:$third" none
done
run "current with the ONNX Runtime peer" "$current" ort
