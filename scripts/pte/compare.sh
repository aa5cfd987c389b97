#!/bin/bash
# Runs every ExecuTorch program of DIR (as ../shared/pte-tools/make_pte.py writes them: NAME.pte
# and testdata/NAME/test_data_set_0) through `bin/djl-vulkan run` and compares its output with the
# reference: the largest difference relative to the largest reference logit, top-1 and the top-5
# set. Needs a full `mvn install` and a Python with numpy and onnx (PYTHON, default python3).
#   scripts/pte/compare.sh DIR [GLOB] [run options, e.g. --precision fp32]
set -u
dir=$1
glob=${2:-*}
shift $(( $# >= 2 ? 2 : 1 ))
py=${PYTHON:-python3}
root=$(cd "$(dirname "$0")/../.." && pwd)
echo "| program | max diff / max logit | top-1 (engine / reference) | top-5 set |"
echo "|---|---:|---|---|"
for pte in "$dir"/$glob.pte; do
  tag=$(basename "$pte" .pte)
  d=$dir/testdata/$tag/test_data_set_0
  out=$(mktemp --suffix=.pb)
  rm -f "$out"
  err=$(timeout 900 "$root/bin/djl-vulkan" run "$pte" --input "$d/input_0.pb" --output "$out" "$@" 2>&1 \
    | grep -vE '^\[main\] (INFO|WARN)' | tail -1)
  if [ -s "$out" ]; then
    "$py" - "$out" "$d/output_0.pb" "$tag" <<'PY'
import sys
import numpy as np
import onnx
from onnx import numpy_helper
got, ref = (numpy_helper.to_array(onnx.load_tensor(p)).astype(np.float64).ravel() for p in sys.argv[1:3])
top5 = lambda v: set(np.argsort(-v)[:5])
print(f"| {sys.argv[3]} | {np.abs(got - ref).max() / np.abs(ref).max():.2e} | "
      f"{got.argmax()} / {ref.argmax()} | {'same' if top5(got) == top5(ref) else 'differs'} |")
PY
  else
    echo "| $tag | failed: ${err:0:200} | | |"
  fi
  rm -f "$out"
done
