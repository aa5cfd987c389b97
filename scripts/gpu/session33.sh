#!/bin/bash
# Session 33, one call after "bash scripts/gpu/pack.sh 0581035 --junit" at the merge of the session
# 32 branches (carry [".gpu"]): bench-alu with its chains in registers (the session-32 build kept
# them in an array, and on an H100 every kind ran at one rate), then targets.sh with its peers.
set -u
. "$(dirname "$0")/setup.sh"
exec > >(tee "$OUT/session33.log") 2>&1
echo "=== bench-alu"
timeout 90 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench-alu 2>&1 | grep -E "^\||device|chains"
ITERATIONS=${ITERATIONS:-40} bash "$g/targets.sh"
