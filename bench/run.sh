#!/usr/bin/env bash
# Builds and runs every benchmark of valuetask and (re)writes docs/benchmarks.md.
#
#   bench/run.sh                 everything: build, runtime benchmarks (clang-19
#                                and g++-12), check timings (clang-tidy-19 and
#                                -22), report
#   bench/run.sh runtime         only the runtime benchmarks (then the report)
#   bench/run.sh checks          only the check timings (then the report)
#   bench/run.sh instructions    the checks' instruction counts under callgrind
#                                at 1,000 and 10,000 tasks (then the report)
#   bench/run.sh report          only rewrite the doc from the stored results
#   bench/run.sh baseline        keep the stored runtime results as the "before"
#                                of a before/after comparison (then change the
#                                runtime and run `bench/run.sh runtime`)
# A report written after rerunning only the runtime keeps the check half of
# docs/benchmarks.md as it was.
#
# Environment: VALUETASK_BENCH_REPS (check timings, default 3),
# VALUETASK_BENCH_UAM_TIMEOUT (seconds, default 30), VALUETASK_BENCH_QUICK=1
# (short runs, for trying the script out), VALUETASK_JOBS (default 2).
# Build dirs: build/bench-{llvm19,llvm22,gcc12}; results: build/bench-results/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

ROOT=$VALUETASK_ROOT
RESULTS=$ROOT/build/bench-results
mkdir -p "$RESULTS"
phases=("$@")
[ ${#phases[@]} -eq 0 ] && phases=(runtime checks)
want() { local p; for p in "${phases[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

if want baseline; then
  mkdir -p "$RESULTS/baseline"
  mv "$RESULTS"/runtime-* "$RESULTS/commit-runtime.txt" "$RESULTS/baseline/"
  log "runtime results moved to $RESULTS/baseline"
  exit 0
fi

ensure_packages $(base_packages) $(llvm_packages 19) $(llvm_packages 22)

quick=${VALUETASK_BENCH_QUICK:-0}
release=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG"
         -DVALUETASK_BUILD_TESTS=OFF -DVALUETASK_BUILD_EXAMPLES=OFF -DVALUETASK_BUILD_CLANGD=OFF)

# What was measured: the commit, and whether the tree differed from it.
commit_info() {
  local c; c=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  git -C "$ROOT" diff --quiet HEAD -- runtime checker bench 2>/dev/null \
    || c="$c, with uncommitted changes in runtime/, checker/ or bench/"
  echo "$c"
}

# build <dir> <targets> -- <cmake args...>
build() {
  local dir=$1 targets=$2; shift 3
  log "building $targets in $dir"
  cmake -S "$ROOT" -B "$dir" -G Ninja "${release[@]}" "$@" >"$dir.configure.log" 2>&1 \
    || { cat "$dir.configure.log"; return 1; }
  # shellcheck disable=SC2086
  cmake --build "$dir" -j "$VALUETASK_JOBS" --target $targets
}

if want runtime; then
  build "$ROOT/build/bench-llvm19" "valuetask-bench-runtime valuetask-bench-echo" -- \
    -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_PREFIX_PATH=/usr/lib/llvm-19
  build "$ROOT/build/bench-gcc12" "valuetask-bench-runtime valuetask-bench-echo" -- \
    -DCMAKE_CXX_COMPILER=g++-12 -DVALUETASK_BUILD_CHECKER=OFF
  if [ "$quick" = 1 ]; then bargs=(--benchmark_min_time=0.02 --benchmark_repetitions=1)
  else bargs=(--benchmark_min_time=0.2 --benchmark_repetitions=7 --benchmark_enable_random_interleaving=true
              --benchmark_report_aggregates_only=true); fi
  commit_info >"$RESULTS/commit-runtime.txt"
  for cfg in llvm19 gcc12; do
    log "runtime benchmarks, $cfg (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    cat /proc/loadavg >"$RESULTS/runtime-$cfg.load-before"
    "$ROOT/build/bench-$cfg/bench/valuetask-bench-runtime" "${bargs[@]}" \
      --benchmark_out="$RESULTS/runtime-$cfg.json" --benchmark_out_format=json
    cat /proc/loadavg >"$RESULTS/runtime-$cfg.load-after"
    log "echo server benchmark, $cfg (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    cat /proc/loadavg >"$RESULTS/echo-$cfg.load-before"
    "$ROOT/build/bench-$cfg/bench/valuetask-bench-echo" "${bargs[@]}" \
      --benchmark_out="$RESULTS/echo-$cfg.json" --benchmark_out_format=json
    cat /proc/loadavg >"$RESULTS/echo-$cfg.load-after"
  done
fi

# The clang-tidy plugins the check phases load, in Release.
build_tidy_plugins() {
  build "$ROOT/build/bench-llvm19" "valuetask-tidy" -- \
    -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_PREFIX_PATH=/usr/lib/llvm-19
  build "$ROOT/build/bench-llvm22" "valuetask-tidy" -- \
    -DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_PREFIX_PATH=/usr/lib/llvm-22 -DVALUETASK_BUILD_BENCH=OFF
}

if want checks; then
  build_tidy_plugins
  commit_info >"$RESULTS/commit-checks.txt"
  log "generating the check-timing inputs"
  python3 "$ROOT/bench/checks/gen_inputs.py" --out "$RESULTS/inputs"
  log "timing clang-tidy (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  targs=(--reps "${VALUETASK_BENCH_REPS:-3}" --uam-timeout "${VALUETASK_BENCH_UAM_TIMEOUT:-30}")
  [ "$quick" = 1 ] && targs+=(--quick)
  python3 "$ROOT/bench/checks/time_checks.py" --inputs "$RESULTS/inputs" \
    --include "$ROOT/runtime/include" \
    --tidy "19=$ROOT/build/bench-llvm19/checker/valuetask-tidy.so" \
    --tidy "22=$ROOT/build/bench-llvm22/checker/valuetask-tidy.so" \
    "${targs[@]}" --out "$RESULTS/checks.json"
fi

if want instructions; then
  ensure_packages valgrind
  build_tidy_plugins
  commit_info >"$RESULTS/commit-instructions.txt"
  log "counting the checks' instructions under callgrind"
  python3 "$ROOT/bench/checks/count_instructions.py" --include "$ROOT/runtime/include" \
    --tidy "19=$ROOT/build/bench-llvm19/checker/valuetask-tidy.so" \
    --tidy "22=$ROOT/build/bench-llvm22/checker/valuetask-tidy.so" \
    --jobs "$VALUETASK_JOBS" --out "$RESULTS/instructions.json"
fi

log "writing docs/benchmarks.md"
python3 "$ROOT/bench/report.py" --results "$RESULTS" --out "$ROOT/docs/benchmarks.md"
