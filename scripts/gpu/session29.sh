#!/bin/bash
# Session 29 (carry [".gpu"]; scripts/gpu/pack.sh 95c132a --junit, then
# scripts/gpu/prepared-variants.sh). PART=A: the kernel tests session 28 left for the GPU (the
# cooperative-matrix im2col GEMMs into 4W4C rows a multiple of 4 wide, whole-block stores), then
# the prepared tiles2 and reduce-ahead experiments. PART=B: stem-s2d and tiles-after-epilogue.
# PART=C: f16-epilogue. PART=D (pack.sh 95c132a --junit after the stem and pooling commits): the
# kernel tests of the new kernels; ResNet50 int8 and MobileNetV2 int8 run at batch 1 and 4 with
# DJL_VULKAN_STEM=strided and space-to-depth, whose outputs must be the same bytes; then bench
# rows of the baseline (95c132a), this build with the strided stem (the block max pooling alone)
# and this build (auto), two rounds, and per-node profiles at batch 256. PART=E (after the block
# max pooling lost its divisions and the 8-row classifier was reverted): the pooling tests, bench
# rows of the baseline and this build, two rounds; per-node profiles at batch 1 and 256; then this
# build against the targets (two streams) and the peers of the same run (peers.py: ONNX Runtime
# CPU at batch 1, PyTorch fp16 channels-last). PART=F: per-node profiles at batch 32 and 256 with
# every q8ta GEMM on cooperative matrices (DJL_VULKAN_COOPMAT=on) against auto: the space-to-depth
# stem's GEMM (K' = 192, 64 output channels) on the tall tile against the packed-dot path.
set -u
here=$(dirname "$0")
case "${PART:-A}" in
  A)
    (. "$here/setup.sh"; exec > >(tee "$OUT/coverage.log") 2>&1
     variant_tests this 200 int8.QConvCoopmatTest int8.QConvImplicitIm2colTest)
    bash "$here/tiles2.sh"
    bash "$here/reduce-ahead.sh" ;;
  B)
    bash "$here/stem-s2d.sh"
    bash "$here/tiles-after-epilogue.sh" ;;
  C)
    bash "$here/f16-epilogue.sh" ;;
  D)
    . "$here/setup.sh"
    int8_model
    exec > >(tee "$OUT/partD.log") 2>&1
    variant_tests this 200 int8.QuantizedPoolOpsTest int8.SpaceToDepthStemTest \
      int8.QConvImplicitIm2colTest
    python3 - <<'PY'
import numpy as np
def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)
for b in (1, 4):
    x = np.random.default_rng(29 + b).standard_normal((b, 3, 224, 224)).astype('<f4')
    msg = b''.join(b'\x08' + varint(d) for d in x.shape) + b'\x10\x01'
    raw = x.tobytes()
    msg += b'\x4a' + varint(len(raw)) + raw
    open('/tmp/in%d.pb' % b, 'wb').write(msg)
PY
    for model in "$Q" "$g/mobilenetv2-12-int8.onnx"; do
      for b in 1 4; do
        for stem in strided space-to-depth; do
          DJL_VULKAN_STEM=$stem $J -cp "$g/lib/*" org.djlvulkan.cli.Main run "$model" \
            --input /tmp/in$b.pb --output /tmp/out-$b-$stem.pb | tail -1
        done
        cmp /tmp/out-$b-strided.pb /tmp/out-$b-space-to-depth.pb \
          && echo "$(basename "$model") batch $b: the same bytes under both stems"
      done
    done
    for round in 1 2; do
      PHASES=1 bench_rows "r$round int8 base" "$BASE_CP" $Q 1,8,32,256
      DJL_VULKAN_STEM=strided PHASES=1 bench_rows "r$round int8 strided" "$g/lib/*" $Q 1,8,32,256
      PHASES=1 bench_rows "r$round int8 auto" "$g/lib/*" $Q 1,8,32,256
      PHASES=1 bench_rows "r$round mobilenetv2 base" "$BASE_CP" "$g/mobilenetv2-12-int8.onnx" 1,32
      PHASES=1 bench_rows "r$round mobilenetv2 this" "$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 1,32
    done
    BATCHES=256 profile_run int8-base "$BASE_CP" $Q
    BATCHES=256 profile_run int8-this "$g/lib/*" $Q
    grep -E "^  [0-3] |linear|max_pool" "$OUT/int8-base.txt" "$OUT/int8-this.txt"
    # This build against the ONNX Runtime CPU peer on the same files, in the same run.
    for model in "$Q" "$g/mobilenetv2-12-int8.onnx"; do
      timeout 200 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model "$model" --batch 1,32 \
        --warmup 20 --iterations 40 --streams 2 --targets "$g/targets.json" 2>&1 \
        | grep -E "^\||speedup|target|ort" | head -40
    done ;;
  E)
    . "$here/setup.sh"
    int8_model
    exec > >(tee "$OUT/partE.log") 2>&1
    variant_tests this 100 int8.QuantizedPoolOpsTest
    for round in 1 2; do
      PHASES=1 bench_rows "r$round int8 base" "$BASE_CP" $Q 1,32,256
      PHASES=1 bench_rows "r$round int8 this" "$g/lib/*" $Q 1,32,256
      PHASES=1 bench_rows "r$round mobilenetv2 base" "$BASE_CP" "$g/mobilenetv2-12-int8.onnx" 1
      PHASES=1 bench_rows "r$round mobilenetv2 this" "$g/lib/*" "$g/mobilenetv2-12-int8.onnx" 1
    done
    BATCHES=1 profile_run int8-b1 "$g/lib/*" $Q
    BATCHES=256 profile_run int8-b256 "$g/lib/*" $Q
    grep -E "^  [0-3] |linear|max_pool" "$OUT/int8-b1.txt" "$OUT/int8-b256.txt"
    timeout 150 $J -cp "$g/lib/*" org.djlvulkan.cli.Main bench --model $Q --batch 1,32,256 \
      --warmup 20 --iterations 40 --peer none --streams 2 --targets "$g/targets.json" 2>&1 \
      | grep -E "^\|" | head -30
    timeout 200 python3 "$g/peers.py" $Q --batch 1,256 --iterations 20 --ort-max-batch 1 2>&1 \
      | grep -E "^\|" | head -12 ;;
  F)
    . "$here/setup.sh"
    int8_model
    exec > >(tee "$OUT/partF.log") 2>&1
    for b in 32 256; do
      BATCHES=$b profile_run auto-b$b "$g/lib/*" $Q
      DJL_VULKAN_COOPMAT=on BATCHES=$b profile_run on-b$b "$g/lib/*" $Q
      grep -E "^  [0-4] " "$OUT/auto-b$b.txt" "$OUT/on-b$b.txt"
    done ;;
esac
