#!/bin/bash
# Session 20, run 3: the fp16 mode's wide tile from 64 of its workgroups (TiledGemm.WIDE_MIN_WORKGROUPS;
# 128 before) against the packed baseline (session 19's last commit, 2667d16), ResNet50 in the fp16
# mode at batch 32 and 256 (batch 1's GEMMs have fewer than 64 wide tiles either way), two
# interleaved rounds.
# Prepare with scripts/gpu/pack.sh 2667d16 (and the variant jars below); run with carry [".gpu"].
set -u
. "$(dirname "$0")/setup.sh"
for r in 1 2; do
  bench_rows "fp16 this, round $r" "$g/lib/*" "$M" 32,256 --precision fp16
  bench_rows "fp16 baseline $BASE_COMMIT, round $r" "$BASE_CP" "$M" 32,256 --precision fp16
done
# Then batch 1 with the float GEMMs' split of K changed (vulkan-backend variant jars of exp-split:
# TiledGemm.TARGET_WORKGROUPS 1, no split and no reduce passes, `nosplit`; 64 instead of 256,
# `split64`), the fp16 mode and strict fp32, two interleaved rounds.
for r in 1 2; do
  for v in this nosplit split64; do
    cp="$g/lib/*"
    [ $v != this ] && cp="$g/variants/$v.jar:$cp"
    bench_rows "b1 fp16 $v, round $r" "$cp" "$M" 1 --precision fp16
    bench_rows "b1 fp32 $v, round $r" "$cp" "$M" 1
  done
done
