#!/bin/bash
# Issue 15's throughput on the GPU machine (packed by scripts/gpu/pack-spark.sh, all chunks carried
# to the same machine): for each model, the CLI's bench at BATCH (tensors in, logits out) and a
# Spark local[*] job over IMAGES generated JPEG files (SparkThroughputBench: binary files in,
# decode, pre-process, batchPredict, Parquet out; one warm-up job, then ROUNDS timed jobs), and the
# ratio of the Spark job's images/s to bench's. Results: $OUT/spark-throughput.txt.
# JFR=1 records each Spark job with Java Flight Recorder ($OUT/spark-MODEL-RESIZE.jfr) and prints
# where its samples are (jfr_top.py).
# Each model's job runs once per RESIZE mode: host (executors decode, resize, normalize) and device
# (executors decode; the GPU resizes, crops and normalizes). HostPrepBench first prints what the
# machine's cores prepare per second on their own (decode alone, and decode + resize).
# Settings: MODELS (default "r50int8 mnv2int8"; also r50fp32, r50fp16), BATCH (32), IMAGES (10000),
# ROUNDS (3), RESIZE (default "host device").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
w=/tmp/sp
rm -rf "$w/spark" "$w/cli" "$w/misc"
mkdir -p "$w/spark" "$w/cli" "$w/misc"
for d in "$root"/.sp[0-9]*; do
  for s in spark cli misc; do
    if [ -d "$d/$s" ]; then cp -rs "$d/$s/." "$w/$s/"; fi
  done
done
[ -x /tmp/sp-jre/bin/java ] || tar xJf "$w/misc/jre.tar.xz" -C /tmp
if [ -d "$w/misc/debs" ] && command -v nvidia-smi >/dev/null; then
  for f in "$w"/misc/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
fi
OUT=${OUT:-/tmp/sp-out}
mkdir -p "$OUT"
java="/tmp/sp-jre/bin/java -Dorg.lwjgl.system.stackSize=1024"
BATCH=${BATCH:-32}
IMAGES=${IMAGES:-10000}
ROUNDS=${ROUNDS:-3}
report="$OUT/spark-throughput.txt"
: > "$report"
prepped=false
for m in ${MODELS:-r50int8 mnv2int8}; do
  precision=""
  case "$m" in
    r50int8 | r50fp32 | r50fp16)
      file=/tmp/r50/resnet50-int8-qdq.onnx
      [ "$m" = r50int8 ] || file=/tmp/r50/resnet50-fp32.onnx
      [ "$m" = r50fp16 ] && precision=fp16
      [ -f "$file" ] || python3 "$w/misc/make_resnet50.py" > "$OUT/make.log" 2>&1
      ;;
    mnv2int8) file="$w/misc/mobilenetv2-12-int8.onnx" ;;
    *) echo "unknown model $m" >&2; exit 2 ;;
  esac
  echo "== $m: bench, batch $BATCH" | tee -a "$report"
  # shellcheck disable=SC2086
  $java -cp "$w/cli/*:$w/spark/*" org.djlvulkan.cli.Main bench --model "$file" --batch "$BATCH" \
    ${precision:+--precision $precision} --peer none --iterations "${ITERATIONS:-60}" --json "$OUT/bench-$m.json" 2>&1 | tee -a "$report"
  for resize in ${RESIZE:-host device}; do
  echo "== $m: Spark local[*], $IMAGES images, batch $BATCH, resized on the $resize" | tee -a "$report"
  jfr=""
  [ -n "${JFR:-}" ] && jfr="-XX:StartFlightRecording=filename=$OUT/spark-$m-$resize.jfr,settings=profile"
  # shellcheck disable=SC2086
  $java @"$w/misc/spark-jvm.options" $jfr -XX:ErrorFile="$OUT/hs_err_$m.log" \
    -Dlog4j2.configurationFile=spark-classify-log4j2.properties \
    -cp "$w/spark/*" org.djlvulkan.spark.SparkThroughputBench "$file" "$w/misc/synset.txt" \
    /tmp/sp-images --images "$IMAGES" --batch "$BATCH" --rounds "$ROUNDS" --resize-on "$resize" \
    ${precision:+--precision $precision} 2>&1 | tee "$OUT/spark-$m-$resize.log" \
    | grep -v '^\s*at \|WARN\|^$' | tee -a "$report"
  if [ -n "${JFR:-}" ]; then
    echo "-- where the job's Java samples are (JFR, all rounds)" | tee -a "$report"
    /tmp/sp-jre/bin/jfr print --events jdk.ExecutionSample --stack-depth 64 "$OUT/spark-$m-$resize.jfr" \
      | python3 "$here/jfr_top.py" 20 | tee -a "$report"
  fi
  if ! $prepped; then
    prepped=true
    $java -cp "$w/spark/*" org.djlvulkan.spark.HostPrepBench /tmp/sp-images 2>&1 | tee -a "$report"
  fi
  python3 - "$OUT/bench-$m.json" "$OUT/spark-$m-$resize.log" <<'PY' | tee -a "$report"
import json, re, sys, statistics
bench = json.load(open(sys.argv[1]))
def find(o):
    if isinstance(o, dict):
        if "imagesPerSecond" in o:
            yield o["imagesPerSecond"]
        for v in o.values():
            yield from find(v)
    elif isinstance(o, list):
        for v in o:
            yield from find(v)
b = next(find(bench))
rounds = [float(x) for x in re.findall(r"^round \d+: .*= ([0-9.]+) images/s", open(sys.argv[2]).read(), re.M)]
s = statistics.median(rounds)
print(f"bench {b:.1f} images/s; Spark job median of {len(rounds)} rounds {s:.1f} images/s = {100 * s / b:.1f}% of bench")
PY
  done
done
