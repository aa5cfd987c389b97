#!/bin/bash
# Session 29 (carry [".gpu"]; scripts/gpu/pack.sh 95c132a --junit, then
# scripts/gpu/prepared-variants.sh). PART=A: the kernel tests session 28 left for the GPU (the
# cooperative-matrix im2col GEMMs into 4W4C rows a multiple of 4 wide, whole-block stores), then
# the prepared tiles2 and reduce-ahead experiments. PART=B: stem-s2d and tiles-after-epilogue.
# PART=C: f16-epilogue.
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
esac
