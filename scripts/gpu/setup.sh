# Sourced by the GPU scripts on the device tool's machine: unpacks the Java runtime and the Vulkan
# loader's packages carried in .gpu, points the loader at NVIDIA's driver, makes the fp32 ResNet50
# (/tmp/r50/resnet50-fp32.onnx) once, and sets g (the .gpu folder), J (java) and M (the model).
g=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
[ -x /tmp/gpu-jre/bin/java ] || tar xJf "$g/jre.tar.xz" -C /tmp
for f in "$g"/debs/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f /tmp/r50/resnet50-fp32.onnx ] || python3 "$g/make_fp32.py" > "$OUT/make.log" 2>&1
J="/tmp/gpu-jre/bin/java -Dorg.lwjgl.system.stackSize=1024"
# Q: ResNet50 int8 QDQ; int8_model makes it once (make_resnet50.py, carried by pack.sh).
Q=/tmp/r50/resnet50-int8-qdq.onnx
int8_model() {
  [ -f "$Q" ] || python3 "$g/make_resnet50.py" > "$OUT/make-int8.log" 2>&1
}
M=/tmp/r50/resnet50-fp32.onnx
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
# kernel_tests SECONDS SELECTOR...: the backend's tests through JUnit's console launcher (needs
# pack.sh --junit), validation off, e.g. kernel_tests 120 --select-class org.djlvulkan...Test;
# KERNEL_JAR=path puts a variant jar ahead of the build's.
kernel_tests() {
  local limit=$1
  shift
  timeout "$limit" $J -Ddjl.vulkan.validation=off -cp "${KERNEL_JAR:+$KERNEL_JAR:}$g/lib/*" \
    org.junit.platform.console.ConsoleLauncher execute --details=summary \
    --class-path "$g/lib/vulkan-backend-tests.jar" "$@" 2>&1 | grep -vE "^\s*$|INFO|WARN" | tail -40
}
# variant_tests JARS LIMIT CLASS...: kernel_tests of the named classes (under
# org.djlvulkan.backend.ops, e.g. int8.QConvOpsTest) with the variant jars JARS (colon-joined
# paths, or "this" for this build alone) ahead of this build's; prints the summary lines.
variant_tests() {
  local jars=$1 limit=$2 args=()
  shift 2
  for c in "$@"; do args+=(--select-class "org.djlvulkan.backend.ops.$c"); done
  echo "=== kernel tests, $jars"
  [ "$jars" = this ] && jars=""
  KERNEL_JAR=$jars kernel_tests "$limit" "${args[@]}" \
    | grep -E "tests (successful|failed)|=> |MethodSource|Test\]" | head -20
}
# BASE_CP: the baseline build's class path (the jars of $B, .gpu/base unless BASE_DIR names another
# packed baseline, and the third-party ones); BASE_COMMIT its commit.
B=${BASE_DIR:-$g/base}
BASE_CP="$B/*:$(ls $g/lib/*.jar | grep -v SNAPSHOT | tr '\n' ':')"
BASE_COMMIT=$(cat "$B/COMMIT")
# bench_rows LABEL CLASSPATH MODEL BATCHES [bench options...]: the per-batch rows of bench's table
# (median, p90, images/s), 20 warm-up and 30 timed runs, no peer; with PHASES=1 also the rows of
# its phase table (upload, GPU span, wait, readback, ...).
bench_rows() {
  echo "=== $1"
  local cp=$2 model=$3 batches=$4 rows='^\| (1|32|256) \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$'
  shift 4
  [ "${PHASES:-0}" = 1 ] && rows='^\| (1|32|256) \|'
  timeout 150 $J -cp "$cp" org.djlvulkan.cli.Main bench --model "$model" --batch "$batches" \
    --warmup 20 --iterations 30 --peer none "$@" 2>&1 | grep -E "$rows"
}
# profile_run NAME CLASSPATH MODEL [bench options...]: bench at ${BATCHES:-1,32,256} with --profile
# (20 warm-up and 30 timed runs, no peer) into $OUT/NAME.txt; prints the per-batch rows and the
# per-kernel products of the GEMMs. Settings go in front, e.g. DJL_VULKAN_COOPMAT_TILE=large
# profile_run ...
profile_run() {
  local name=$1 cp=$2 model=$3
  shift 3
  local f="$OUT/$name.txt"
  timeout 150 $J -cp "$cp" org.djlvulkan.cli.Main bench --model "$model" \
    --batch "${BATCHES:-1,32,256}" --warmup 20 --iterations 30 --peer none --profile "$@" \
    > "$f" 2>&1
  echo "=== $name"
  grep -E '^\| (1|32|256) \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$' "$f"
  grep -E "^  (gemm|q8ta|conv2d_im2col|all)" "$f" | head -8
}
# registers NAME PATTERN: the register counts and shared memory of the pipelines whose kernel
# matches PATTERN, from $OUT/NAME.txt of a run with DJL_VULKAN_PIPELINE_STATISTICS=on.
registers() {
  grep "pipeline statistics" "$OUT/$1.txt" | grep -E "$2" \
    | sed 's/.*statistics: //; s/ \[.*\]:/:/; s/, Binary Size.*Shared Memory Size=/ shared /' \
    | sort -u | head -6
}
# variant_cp NAME: the class path of a variant jar (.gpu/variants/NAME.jar, scripts/gpu/variant-jar.sh)
# ahead of this build's jars; NAME "this" is this build alone.
variant_cp() {
  if [ "$1" = this ]; then echo "$g/lib/*"; else echo "$g/variants/$1.jar:$g/lib/*"; fi
}
# targets_part: with PART=B, runs targets.sh with its peers (ITERATIONS 40, the log in
# $OUT/targets.log) and ends the calling script; otherwise does nothing.
targets_part() {
  [ "${PART:-A}" = B ] || return 0
  ITERATIONS=40 bash "$g/targets.sh" 2>&1 | tee "$OUT/targets.log"
  exit 0
}
