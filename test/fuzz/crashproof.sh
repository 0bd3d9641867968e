#!/usr/bin/env bash
# Crash-proofing run: the valuetask-* checks, built with ASan+UBSan, over the
# lit inputs (test/checker), generated programs, Boost.Asio's C++20 examples
# and the project's own sources; any sanitizer report or crash fails it.
#
# Usage: test/fuzz/crashproof.sh <asan-build-dir> [programs=2000]
#   <asan-build-dir>: the plugin configured with
#     -DVALUETASK_BUILD_TESTS=OFF -DVALUETASK_BUILD_EXAMPLES=OFF -DVALUETASK_BUILD_BENCH=OFF
#     -DVALUETASK_BUILD_CLANGD=OFF
#     "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer -shared-libsan"
#     "-DCMAKE_MODULE_LINKER_FLAGS=-fsanitize=address,undefined -shared-libsan"
#   and built (ninja valuetask-tidy).
# How: the host clang-tidy-N is not instrumented, but it loads an instrumented
# plugin when clang's shared ASan runtime is preloaded (LD_PRELOAD); every
# allocation then goes through ASan's allocator, and the plugin's own loads and
# stores are checked (heap/stack overflows, use-after-free, UB in the plugin).
# Leak detection is off: clang-tidy frees little on exit, on purpose.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:?usage: crashproof.sh <asan-build-dir> [programs]}
programs=${2:-2000}
major=$(sed -n 's/^VALUETASK_LLVM_MAJOR:INTERNAL=//p' "$build/CMakeCache.txt")
tidy=/usr/lib/llvm-$major/bin/clang-tidy
plugin=$build/checker/valuetask-tidy.so
asanrt=$(/usr/lib/llvm-$major/bin/clang++ -print-file-name=libclang_rt.asan-x86_64.so)
work=$(mktemp -d /tmp/vtcrash.XXXXXX)
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

inc="-I$root/runtime/include -I$root/test/checker/Inputs"
asio_opts="{Checks: '-*,valuetask-*', CheckOptions: {valuetask-double-await.ValueTaskTypes: '::boost::asio::awaitable', valuetask-multiple-consumers.ValueTaskTypes: '::boost::asio::awaitable', valuetask-stored-task.ValueTaskTypes: '::boost::asio::awaitable'}}"

# One job per line: <config or -> <file> <extra compiler args...>
jobs=$work/jobs
: >"$jobs"
for f in "$root"/test/checker/*.cpp "$root"/test/checker/Inputs/*.cpp "$root"/test/fuzz/regressions/*.cpp; do
  echo "- $f -std=c++20 $inc" >>"$jobs"
  echo "- $f -std=c++17 $inc" >>"$jobs"
done
python3 "$root/test/fuzz/vtfuzz.py" emit --seed crashproof --programs "$programs" --per-file 125 --out "$work/gen" >/dev/null
for f in "$work"/gen/*.cpp; do echo "- $f -std=c++20 -I$root/runtime/include" >>"$jobs"; done
for f in $(find /usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20 -name '*.cpp' | sort) \
         "$root/test/fuzz/real_code_canary.cpp"; do
  echo "asio $f -std=c++20 -I$(dirname "$f")" >>"$jobs"
done
for f in $(find "$root/examples" "$root/test/runtime" "$root/test/stress" "$root/bench" -name '*.cpp' | sort); do
  echo "- $f -std=c++20 -I$root/runtime/include -I$(dirname "$f")" >>"$jobs"
done

run_one() {
  local cfg=$1 file=$2; shift 2
  local out
  local args=(--load="$plugin" --checks='-*,valuetask-*' --quiet)
  [ "$cfg" = asio ] && args+=("--config=$asio_opts")
  out=$(LD_PRELOAD=$asanrt "$tidy" "${args[@]}" "$file" -- "$@" 2>&1)
  local rc=$?
  if grep -qE 'ERROR: AddressSanitizer|runtime error:|Stack dump|PLEASE submit' <<<"$out" || [ $rc -gt 1 ]; then
    echo "FAILED ($rc): $file $*"
    grep -E -A30 'ERROR: AddressSanitizer|runtime error:|Stack dump' <<<"$out" | head -60
    return 1
  fi
  echo "ok: $file"
}
export -f run_one
export tidy plugin asanrt asio_opts

total=$(wc -l <"$jobs")
failed=$(xargs -P 2 -L 1 bash -c 'run_one "$@"' _ <"$jobs" | tee "$work/log" | grep -c '^FAILED')
grep -A60 '^FAILED' "$work/log"
echo "crashproof: LLVM $major, ASan+UBSan plugin, $total clang-tidy runs ($programs generated programs in $(ls "$work"/gen/*.cpp | wc -l) files), $failed failed"
echo "$((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
