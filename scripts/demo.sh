#!/usr/bin/env bash
# The main job on the shipped example: installs what is missing, builds the
# valuetask clang-tidy plugin for one LLVM major (VALUETASK_LLVM, default 19),
# and runs clang-tidy with it over examples/, printing the warnings.
#
# Usage: scripts/demo.sh [extra clang-tidy args...]
# Exit status: 0 when the run shows the findings (they are expected here).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

major=${VALUETASK_LLVM:-19}
case $major in 19|22) ;; *) echo "VALUETASK_LLVM must be 19 or 22, not '$major'" >&2; exit 2 ;; esac

ensure_packages $(base_packages) $(llvm_packages "$major") || exit 1

build=$VALUETASK_ROOT/build/demo-llvm$major
mkdir -p "$(dirname "$build")"
log "building the plugin against LLVM $major"
configure_and_build "$build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER=clang++-$major -DCMAKE_PREFIX_PATH=/usr/lib/llvm-$major \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DVALUETASK_BUILD_TESTS=OFF -DVALUETASK_BUILD_BENCH=OFF -DVALUETASK_BUILD_CLANGD=OFF || exit 1

plugin=$build/checker/valuetask-tidy.so
log "clang-tidy-$major --load=$plugin --checks=-*,valuetask-* on examples/"
status=0
for f in "$VALUETASK_ROOT"/examples/*/*.cpp; do
  echo "-- ${f#"$VALUETASK_ROOT"/}"
  clang-tidy-$major --quiet --load="$plugin" --checks='-*,valuetask-*' \
    --header-filter='^$' -p "$build" "$@" "$f" 2>&1 | grep -v "warnings generated" || true
done
exit $status
