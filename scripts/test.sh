#!/usr/bin/env bash
# The whole test suite: installs what is missing, then builds and tests
#   - the runtime with g++-12, clang-19 and clang-22, plain and with ASan+UBSan,
#     and its cross-thread tests under TSan;
#   - the clang-tidy plugin, valuetask-clangd, the lit suite and the end-to-end
#     tests against LLVM 19 and LLVM 22.
# Prints one summary line per configuration and a closing 'N passed, N failed'.
#
# Usage: scripts/test.sh [config...]   (default: all; see CONFIGS below)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages $(base_packages) $(llvm_packages 19) $(llvm_packages 22) || exit 1

BUILD_ROOT=${VALUETASK_BUILD_ROOT:-$VALUETASK_ROOT/build/test}
mkdir -p "$BUILD_ROOT"

runtime_only="-DVALUETASK_BUILD_CHECKER=OFF -DVALUETASK_BUILD_CLANGD=OFF -DVALUETASK_BUILD_BENCH=OFF -DVALUETASK_BUILD_EXAMPLES=OFF"

config_args() {
  case $1 in
    # The default configure (no compiler chosen: Debian's c++ is g++-12), the
    # checker and valuetask-clangd included, compiled by g++ against LLVM 19.
    gcc)          echo "-DCMAKE_PREFIX_PATH=/usr/lib/llvm-19" ;;
    gcc-asan)     echo "-DCMAKE_CXX_COMPILER=g++-12 $runtime_only -DVALUETASK_SANITIZE=address;undefined" ;;
    llvm19)       echo "-DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_PREFIX_PATH=/usr/lib/llvm-19" ;;
    llvm19-asan)  echo "-DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_PREFIX_PATH=/usr/lib/llvm-19 $runtime_only -DVALUETASK_SANITIZE=address;undefined" ;;
    llvm19-tsan)  echo "-DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_PREFIX_PATH=/usr/lib/llvm-19 $runtime_only -DVALUETASK_SANITIZE=thread" ;;
    llvm22)       echo "-DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_PREFIX_PATH=/usr/lib/llvm-22" ;;
    llvm22-asan)  echo "-DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_PREFIX_PATH=/usr/lib/llvm-22 $runtime_only -DVALUETASK_SANITIZE=address;undefined" ;;
    *) echo "unknown configuration '$1'" >&2; return 1 ;;
  esac
}

# Tests a configuration leaves to another: the g++-built checker runs its lit
# suite and the LSP test, while the end-to-end runs over whole projects
# (fuzzing, real code, packages) are the clang configurations' job, where they
# test the same Python and CMake code.
ctest_exclude() {
  case $1 in
    gcc) echo "^(fuzz\\.|package\\.|checker-lit-project-sources$)" ;;
    *)   echo "" ;;
  esac
}

CONFIGS=(llvm19 llvm22 gcc gcc-asan llvm19-asan llvm22-asan llvm19-tsan)
[ $# -gt 0 ] && CONFIGS=("$@")

total_passed=0; total_failed=0; summary=()
for cfg in "${CONFIGS[@]}"; do
  args=$(config_args "$cfg") || exit 2
  dir=$BUILD_ROOT/$cfg
  log "configuration $cfg"
  start=$SECONDS
  # Word splitting of $args is intended: it is a list of -D flags.
  # shellcheck disable=SC2086
  if ! configure_and_build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo $args; then
    summary+=("$cfg: BUILD FAILED"); total_failed=$((total_failed + 1)); continue
  fi
  out=$BUILD_ROOT/$cfg.ctest.log
  exclude=$(ctest_exclude "$cfg")
  ctest --test-dir "$dir" -j "$VALUETASK_JOBS" --output-on-failure ${exclude:+-E "$exclude"} 2>&1 | tee "$out"
  line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$out" | tail -n1)
  failed=$(sed -nE 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/p' <<<"$line")
  count=$(sed -nE 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/p' <<<"$line")
  if [ -z "$count" ] || [ "$count" -eq 0 ]; then
    summary+=("$cfg: NO TESTS RAN"); total_failed=$((total_failed + 1)); continue
  fi
  total_passed=$((total_passed + count - failed)); total_failed=$((total_failed + failed))
  summary+=("$cfg: $line ($((SECONDS - start)) s)")
done

log "summary"
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
