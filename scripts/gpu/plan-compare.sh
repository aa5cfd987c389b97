# Sourced by scripts/plan-diff.sh and scripts/gpu/plan-diff.sh: the kernel plan of a bench run and
# the comparison of two plans.
# kernels: bench --profile's output on stdin -> one "operator kernel" line per dispatch, in order.
kernels() {
  sed -n '/^profile/,$p' | sed '/^products/,$d' | awk 'NF >= 3 {print $2, $3}'
}
# compare LABEL BEFORE AFTER: prints "identical" or the first differences; returns 1 when they differ
# or BEFORE is empty.
compare() {
  local label="$1 ($(wc -l <<< "$2") dispatches)"
  if [ -z "$2" ]; then
    echo "$label: no plan from the baseline"; return 1
  elif [ "$2" == "$3" ]; then
    echo "$label: identical"
  else
    echo "$label: differs"; { diff <(echo "$2") <(echo "$3") || true; } | head -20; return 1
  fi
}
