#!/bin/bash
# An fp16-mode GEMM change against a baseline build on the GPU machine: the kernel tests of the
# float GEMMs (the f16 cooperative-matrix kernel's forms included), then ResNet50 in the fp16 mode
# at batch 1, 32 and 256, this build against the baseline, interleaved (ROUNDS, default 2), and
# which GEMM kernels ran at batch 256 (--profile).
# Shader variants (a shaders jar built with another define, copied to .gpu/variants/NAME.jar) run
# in the same rounds, their jar ahead of this build's on the class path.
# Prepare with scripts/gpu/pack.sh BASELINE --junit; run with carry [".gpu"] and
# "bash .gpu/fp16-ab.sh".
set -u
. "$(dirname "$0")/setup.sh"
echo "=== kernel tests"
kernel_tests 120 \
  --select-class org.djlvulkan.backend.ops.fp.ResidualAddFusionTest \
  --select-class org.djlvulkan.backend.ops.fp.ImplicitIm2colTest \
  --select-class org.djlvulkan.backend.ops.fp.HalfStorageOpsTest
third=$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')
bench() { # LABEL CLASSPATH PRECISION BATCHES
  echo "=== $1"
  timeout 120 $J -cp "$2" org.djlvulkan.cli.Main bench --model $M --batch "$4" --warmup 20 \
    --iterations 30 --peer none --precision "$3" 2>&1 | grep -E '^\| (1|32|256) \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$'
}
# PRECISIONS="fp16 fp32" also compares strict fp32 (batch 1 and 32) against the baseline.
for round in $(seq 1 "${ROUNDS:-2}"); do
  for precision in ${PRECISIONS:-fp16}; do
    batches=1,32,256
    [ "$precision" = fp32 ] && batches=1,32
    bench "$precision this build r$round" "$g/lib/*" $precision $batches
    bench "$precision baseline $(cat $g/base/COMMIT) r$round" "$g/base/*:$third" $precision $batches
    # Variants in the precisions of VARIANT_PRECISIONS (default fp16) only.
    [[ " ${VARIANT_PRECISIONS:-fp16} " == *" $precision "* ]] || continue
    for v in "$g"/variants/*.jar; do
      [ -f "$v" ] && bench "$precision variant $(basename "$v" .jar) r$round" "$v:$g/lib/*" $precision $batches
    done
  done
done
echo "=== profile fp16 b256 (kernels by total time)"
timeout 120 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model $M --batch 256 --warmup 3 \
  --iterations 3 --peer none --profile --precision fp16 2>&1 | sed -n '/^profile/,$p' \
  | awk 'NF>=4 {t[$3]+=$4; n[$3]++} END {for (k in t) printf "%-28s %4d %9.1f us\n", k, n[k], t[k]}' \
  | sort -k3 -rn | head -10
