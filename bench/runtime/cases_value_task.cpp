// valuetask::value_task<int>: (b) the ready path, (c) a coroutine that
// completes synchronously, (d) a reused manual_reset_source completed inline
// and from the event loop; its nested chain and the cache scenario.
#include <array>
#include <utility>

#include <valuetask/value_task.hpp>

#include "common.hpp"

namespace {

using bench::driver;
using valuetask::manual_reset_source;
using valuetask::value_task;

template <auto Callee>
driver leaf_loop(benchmark::State& state) {
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await Callee(i++);
  meter.finish();
  bench::keep(sum);
}

// ---- (b) the ready path, from an ordinary function -----------------------------

BENCH_NOINLINE value_task<int> ready_value(int i) { return valuetask::from_result(i + 1); }

void b_value_task_ready(benchmark::State& state) { leaf_loop<&ready_value>(state).check(); }

// ---- (c) a coroutine that completes synchronously --------------------------------

// Out of line: the call creates a real frame (from the recycling allocator),
// runs the body eagerly to co_return, and the awaiter finds the task complete.
BENCH_NOINLINE value_task<int> sync_coroutine(int i) { co_return i + 1; }

// No attribute: clang -O2 may inline the ramp and elide the frame entirely.
value_task<int> sync_coroutine_inlinable(int i) { co_return i + 1; }

void c_value_task_sync_coroutine(benchmark::State& state) {
  leaf_loop<&sync_coroutine>(state).check();
}

void c_value_task_sync_coroutine_inlinable(benchmark::State& state) {
  leaf_loop<&sync_coroutine_inlinable>(state).check();
}

// ---- (d) a reused manual_reset_source --------------------------------------------

// Completed inline: the operation finishes before its task is awaited.
BENCH_NOINLINE value_task<int> inline_operation(manual_reset_source<int>& source, int i) {
  source.reset();
  value_task<int> t = source.task();
  source.set_result(i + 1);
  return t;
}

driver inline_source_loop(benchmark::State& state) {
  manual_reset_source<int> source;
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await inline_operation(source, i++);
  meter.finish();
  bench::keep(sum);
}

void d_value_task_source_inline(benchmark::State& state) { inline_source_loop(state).check(); }

// Completed from the event loop: the awaiter suspends, the loop calls
// set_result, which resumes it. Two sources alternate, so a source is never
// reset while its own set_result is still on the stack.
void complete_source(void* source, int value) {
  static_cast<manual_reset_source<int>*>(source)->set_result(value);
}

BENCH_NOINLINE value_task<int> loop_operation(bench::event_loop& loop,
                                              manual_reset_source<int>& source, int i) {
  source.reset();
  value_task<int> t = source.task();
  loop.post(&complete_source, &source, i + 1);
  return t;
}

driver event_loop_source_loop(benchmark::State& state, bench::event_loop& loop) {
  std::array<manual_reset_source<int>, 2> sources;
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) {
    auto& source = sources[static_cast<std::size_t>(i & 1)];
    sum += co_await loop_operation(loop, source, i++);
  }
  meter.finish();
  bench::keep(sum);
}

void d_value_task_source_event_loop(benchmark::State& state) {
  bench::event_loop loop;
  auto d = event_loop_source_loop(state, loop);
  loop.run();
  d.check();
}

// ---- nested chain: (c) -------------------------------------------------------------

BENCH_NOINLINE value_task<int> sync_chain(int depth) {
  if (depth == 0) co_return 0;
  co_return co_await sync_chain(depth - 1) + 1;
}

driver sync_chain_loop(benchmark::State& state) {
  const auto depth = static_cast<int>(state.range(0));
  int sum = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await sync_chain(depth);
  meter.finish(static_cast<double>(depth));
  state.counters["depth"] = static_cast<double>(depth);
  bench::keep(sum);
}

void chain_c_value_task(benchmark::State& state) { sync_chain_loop(state).check(); }

// The same chain whose innermost level waits on a source completed by the event
// loop: every level suspends, and the completion resumes 1,000 frames through
// symmetric transfer.
BENCH_NOINLINE value_task<int> async_chain(int depth, bench::event_loop& loop,
                                           manual_reset_source<int>& source) {
  if (depth == 0) co_return co_await loop_operation(loop, source, 0);
  co_return co_await async_chain(depth - 1, loop, source) + 1;
}

driver async_chain_loop(benchmark::State& state, bench::event_loop& loop) {
  const auto depth = static_cast<int>(state.range(0));
  std::array<manual_reset_source<int>, 2> sources;
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) {
    sum += co_await async_chain(depth, loop, sources[static_cast<std::size_t>(i++ & 1)]);
  }
  meter.finish(static_cast<double>(depth));
  state.counters["depth"] = static_cast<double>(depth);
  bench::keep(sum);
}

void chain_value_task_async_leaf(benchmark::State& state) {
  bench::event_loop loop;
  auto d = async_chain_loop(state, loop);
  loop.run();
  d.check();
}

// ---- the cache scenario ---------------------------------------------------------------

// 90 % hits return a ready task from an ordinary function; 10 % misses return
// a task bound to a pooled source that the event loop completes later.
class value_task_cache {
 public:
  explicit value_task_cache(bench::event_loop& loop) : loop_(loop) {
    for (int k = 0; k < static_cast<int>(values_.size()); ++k) values_[static_cast<std::size_t>(k)] = k;
  }
  BENCH_NOINLINE value_task<int> get(int key) {
    const int v = values_[static_cast<std::size_t>(key) % values_.size()];
    if (key % 10 != 9) return valuetask::from_result(v);
    auto& source = sources_[misses_++ & 1];
    source.reset();
    value_task<int> t = source.task();
    loop_.post(&complete_source, &source, v);
    return t;
  }

 private:
  bench::event_loop& loop_;
  std::array<int, 1024> values_{};
  std::array<manual_reset_source<int>, 2> sources_;
  unsigned misses_ = 0;
};

driver cache_loop(benchmark::State& state, value_task_cache& cache) {
  int sum = 0, key = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) {
    sum += co_await cache.get(key);
    key = key == 999 ? 0 : key + 1;
  }
  meter.finish();
  bench::keep(sum);
}

void cache_value_task(benchmark::State& state) {
  bench::event_loop loop;
  value_task_cache cache(loop);
  auto d = cache_loop(state, cache);
  loop.run();
  d.check();
}

}  // namespace

// Called by main.cpp.
void bench::register_value_task_cases() {
  benchmark::RegisterBenchmark("b_value_task_ready", b_value_task_ready);
  benchmark::RegisterBenchmark("c_value_task_sync_coroutine", c_value_task_sync_coroutine);
  benchmark::RegisterBenchmark("c_value_task_sync_coroutine_inlinable", c_value_task_sync_coroutine_inlinable);
  benchmark::RegisterBenchmark("d_value_task_source_inline", d_value_task_source_inline);
  benchmark::RegisterBenchmark("d_value_task_source_event_loop", d_value_task_source_event_loop);
  benchmark::RegisterBenchmark("chain_c_value_task", chain_c_value_task)->Arg(1000);
  benchmark::RegisterBenchmark("chain_value_task_async_leaf", chain_value_task_async_leaf)->Arg(1000);
  benchmark::RegisterBenchmark("cache_value_task", cache_value_task);
}
