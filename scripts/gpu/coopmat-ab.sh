#!/bin/bash
# A/B of the fp16 mode's tensor-core GEMM: this build against the build packed as the baseline
# (scripts/gpu/pack.sh COMMIT), after this build's kernel tests on the GPU; ResNet50 fp16 at batch
# 1, 32 and 256, two interleaved rounds. Prepare with scripts/gpu/pack.sh --junit COMMIT.
set -u
. "$(dirname "$0")/setup.sh"
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
echo "=== kernel tests (this build)"
kernel_tests 200 \
  --select-class org.djlvulkan.backend.ops.fp.HalfStorageOpsTest
for p in fp32 fp16; do
  timeout 60 $J -cp "$g/lib/*" org.djlvulkan.cli.Main run $M --input $g/input_0.pb \
    --output /tmp/out-$p.pb --precision $p 2>&1 | tail -1
done
python3 $g/compare_pb.py /tmp/out-fp16.pb /tmp/out-fp32.pb
for round in 1 2; do
  for v in current baseline; do
    cp="$g/lib/*"; [ $v = baseline ] && cp="$g/base/*:$third"
    echo "=== fp16 $v ($(cat $g/base/COMMIT 2>/dev/null) is the baseline) r$round"
    timeout 150 $J -cp "$cp" org.djlvulkan.cli.Main bench --model $M --batch 1,32,256 \
      --warmup 20 --iterations 30 --peer none --precision fp16 2>&1 | grep -E '^\| (1|32|256) ' | head -6
  done
done
