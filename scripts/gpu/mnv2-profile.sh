#!/bin/bash
# Session 28: MobileNetV2 int8's per-node profiles at batch 1 and 32, this build against the
# baseline (carry [".gpu"]; scripts/gpu/pack.sh BASELINE --junit), about 1 minute.
set -u
. "$(dirname "$0")/setup.sh"
BATCHES=1,32 profile_run mnv2-this "$g/lib/*" "$g/mobilenetv2-12-int8.onnx"
BATCHES=1,32 profile_run mnv2-base "$BASE_CP" "$g/mobilenetv2-12-int8.onnx"
