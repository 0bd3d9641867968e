#!/usr/bin/env bash
# A long differential-fuzzing run of the valuetask-* checks (the ctest run,
# fuzz.checks, is the first 2,000 programs of one seed).
#
# Usage: scripts/fuzz-long.sh <build-dir> [programs=100000] [seed=long-1] [features]
#   <build-dir>  a configured and built tree with the plugin (checker/valuetask-tidy.so);
#                its LLVM major picks clang-tidy-N. Or the plugin file itself
#                (a copy, so that a rebuild cannot change it mid-run), with
#                VALUETASK_LLVM_MAJOR=N in the environment.
#   features     vtfuzz.py --features, e.g. '-lambda_assign' (default: all)
# Runs in chunks of 5,000 programs, VALUETASK_JOBS (default 2) clang-tidy
# processes at a time, prints a line per chunk and the disagreements (each
# with the command that shows the program); exit 1 on any disagreement or
# clang-tidy failure.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:?usage: scripts/fuzz-long.sh <build-dir> [programs] [seed] [features]}
programs=${2:-100000}
seed=${3:-long-1}
features=${4:-}
if [[ $build == *.so ]]; then
  plugin=$build
  major=${VALUETASK_LLVM_MAJOR:?set VALUETASK_LLVM_MAJOR when giving the plugin file}
else
  plugin=$build/checker/valuetask-tidy.so
  major=$(sed -n 's/^VALUETASK_LLVM_MAJOR:INTERNAL=//p' "$build/CMakeCache.txt")
fi
tidy=/usr/lib/llvm-$major/bin/clang-tidy
[ -f "$plugin" ] && [ -x "$tidy" ] || { echo "no plugin at $plugin or no $tidy" >&2; exit 2; }
work=$(mktemp -d /tmp/vtfuzz-long.XXXXXX)
trap 'rm -rf "$work"' EXIT

chunk=5000 failed=0 start=$SECONDS
for ((first = 0; first < programs; first += chunk)); do
  last=$((first + chunk < programs ? first + chunk : programs))
  python3 "$root/test/fuzz/vtfuzz.py" run --seed "$seed" --start "$first" --programs "$last" \
    --per-file 125 -j "${VALUETASK_JOBS:-2}" --clang-tidy "$tidy" --plugin "$plugin" -I "$root/runtime/include" \
    --features="$features" --workdir "$work" >"$work/out.txt" 2>&1
  rc=$?
  grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$work/out.txt" | grep -v '^vtfuzz:' || true
  echo "programs $first..$((last - 1)): $(grep '^vtfuzz:' "$work/out.txt" | sed 's/^vtfuzz: //') ($((SECONDS - start)) s)"
  [ $rc -eq 0 ] || failed=$((failed + 1))
  rm -f "$work"/*.cpp
done
echo "fuzz-long: seed $seed, $programs programs, LLVM $major: $failed chunk(s) with disagreements or failures"
[ $failed -eq 0 ]
