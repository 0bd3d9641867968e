#!/usr/bin/env bash
# Experiment behind the "(c) vs (e)" note of docs/benchmarks.md: how much of
# case (c) is the atomic exchange in promise_base::detach() when a consumer
# frees a frame it has already seen completed. Copies the runtime headers to
# a temporary directory, makes take_result() destroy a finished frame directly
# (the body can no longer touch it once is_completed() was observed), builds
# the benchmark against both copies with clang++-19 -O2 and runs (c) and (e)
# side by side. Nothing in runtime/ is changed.
#
#   bench/experiments/take_result_fast_free.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/runtime/include" "$work/patched"
python3 - "$work/patched/valuetask/value_task.hpp" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
old = "      ~consume_on_exit() {\n        task.release_storage();"
new = ("      ~consume_on_exit() {\n"
       "        if (task.state_ == state::coroutine) task.frame_.destroy(); else\n"
       "        task.release_storage();")
if old not in text:
    sys.exit("value_task.hpp changed: the experiment's edit no longer applies")
open(path, "w").write(text.replace(old, new))
PY
src="$root/bench/runtime"
for variant in original patched; do
  inc="$root/runtime/include"; [ $variant = patched ] && inc="$work/patched"
  clang++-19 -std=c++20 -O2 -DNDEBUG -I"$inc" "$src"/main.cpp "$src"/alloc_counter.cpp \
    "$src"/cases_peers.cpp "$src"/cases_asio.cpp "$src"/cases_value_task.cpp \
    -lbenchmark -lpthread -o "$work/bench-$variant"
done
for variant in original patched original patched; do
  echo "== $variant"
  "$work/bench-$variant" --benchmark_filter='^(c_value_task_sync_coroutine|e_lazy_task)$' \
    --benchmark_min_time=0.3 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>/dev/null \
    | grep median
done
