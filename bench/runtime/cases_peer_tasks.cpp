// (h) cppcoro-style task, (i) async_simple-style Lazy, (j) folly-style Task
// (bench/runtime/peer_tasks.hpp): the single operation, the nested chain and
// the cache scenario, each awaited from a coroutine of the peer's own type
// where the peer's await_transform matters (async_simple, folly).
#include <array>
#include <cstdio>
#include <cstdlib>

#include "common.hpp"
#include "peer_tasks.hpp"

namespace {

using bench::driver;
namespace cc = bench::cppcoro_style;
namespace as = bench::async_simple_style;
namespace fs = bench::folly_style;

// The executor the async_simple and folly loops run on: resumes work from the
// event loop, as an I/O thread's executor would.
class loop_executor final : public bench::task_executor {
 public:
  explicit loop_executor(bench::event_loop& loop) noexcept : loop_(loop) {}
  void add(std::coroutine_handle<> work) override {
    loop_.post([](void* h, int) { std::coroutine_handle<>::from_address(h).resume(); },
               work.address(), 0);
  }

 private:
  bench::event_loop& loop_;
};

// Runs a top-level lazy or task on an executor over a fresh event loop.
template <class Task>
void run_on_loop(Task (*loop_body)(benchmark::State&), benchmark::State& state) {
  bench::event_loop loop;
  loop_executor executor(loop);
  Task t = loop_body(state);
  std::move(t).start_detached(&executor);
  loop.run();
  if (!t.done()) {
    std::fputs("peer benchmark loop did not finish\n", stderr);
    std::abort();
  }
}

// ---- single operation -------------------------------------------------------------

BENCH_NOINLINE cc::task<int> cppcoro_leaf(int i) { co_return i + 1; }
BENCH_NOINLINE as::lazy<int> async_simple_leaf(int i) { co_return i + 1; }
BENCH_NOINLINE fs::task<int> folly_leaf(int i) { co_return i + 1; }

driver cppcoro_loop(benchmark::State& state) {
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await cppcoro_leaf(i++);
  meter.finish();
  bench::keep(sum);
}

as::lazy<int> async_simple_loop(benchmark::State& state) {
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await async_simple_leaf(i++);
  meter.finish();
  bench::keep(sum);
  co_return sum;
}

fs::task<int> folly_loop(benchmark::State& state) {
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await folly_leaf(i++);
  meter.finish();
  bench::keep(sum);
  co_return sum;
}

void h_cppcoro_task(benchmark::State& state) { cppcoro_loop(state).check(); }
void i_async_simple_lazy(benchmark::State& state) { run_on_loop(&async_simple_loop, state); }
void j_folly_task(benchmark::State& state) { run_on_loop(&folly_loop, state); }

// ---- nested chain of depth 1,000 ------------------------------------------------------

BENCH_NOINLINE cc::task<int> cppcoro_chain(int depth) {
  if (depth == 0) co_return 0;
  co_return co_await cppcoro_chain(depth - 1) + 1;
}
BENCH_NOINLINE as::lazy<int> async_simple_chain(int depth) {
  if (depth == 0) co_return 0;
  co_return co_await async_simple_chain(depth - 1) + 1;
}
BENCH_NOINLINE fs::task<int> folly_chain(int depth) {
  if (depth == 0) co_return 0;
  co_return co_await folly_chain(depth - 1) + 1;
}

void set_chain_counters(benchmark::State& state, bench::alloc_meter& meter, int depth) {
  meter.finish(static_cast<double>(depth));
  state.counters["depth"] = static_cast<double>(depth);
}

driver cppcoro_chain_loop(benchmark::State& state) {
  const auto depth = static_cast<int>(state.range(0));
  int sum = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await cppcoro_chain(depth);
  set_chain_counters(state, meter, depth);
  bench::keep(sum);
}

as::lazy<int> async_simple_chain_loop(benchmark::State& state) {
  const auto depth = static_cast<int>(state.range(0));
  int sum = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await async_simple_chain(depth);
  set_chain_counters(state, meter, depth);
  bench::keep(sum);
  co_return sum;
}

fs::task<int> folly_chain_loop(benchmark::State& state) {
  const auto depth = static_cast<int>(state.range(0));
  int sum = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await folly_chain(depth);
  set_chain_counters(state, meter, depth);
  bench::keep(sum);
  co_return sum;
}

void chain_h_cppcoro_task(benchmark::State& state) { cppcoro_chain_loop(state).check(); }
void chain_i_async_simple_lazy(benchmark::State& state) { run_on_loop(&async_simple_chain_loop, state); }
void chain_j_folly_task(benchmark::State& state) { run_on_loop(&folly_chain_loop, state); }

// ---- the cache scenario: 90 % hits, 10 % misses completed by the event loop -----------

// The loops of the async_simple and folly rows need the event loop for both
// their misses and their executor, so the cache's callee takes it as a parameter.
std::array<int, 1024> make_values() {
  std::array<int, 1024> values{};
  for (int k = 0; k < static_cast<int>(values.size()); ++k) values[static_cast<std::size_t>(k)] = k;
  return values;
}
const std::array<int, 1024> cache_values = make_values();

BENCH_NOINLINE cc::task<int> cppcoro_get(bench::event_loop& loop, int key) {
  const int v = cache_values[static_cast<std::size_t>(key) % cache_values.size()];
  if (key % 10 != 9) co_return v;
  co_return co_await bench::loop_operation{loop, v};
}
BENCH_NOINLINE as::lazy<int> async_simple_get(bench::event_loop& loop, int key) {
  const int v = cache_values[static_cast<std::size_t>(key) % cache_values.size()];
  if (key % 10 != 9) co_return v;
  co_return co_await bench::loop_operation{loop, v};
}
BENCH_NOINLINE fs::task<int> folly_get(bench::event_loop& loop, int key) {
  const int v = cache_values[static_cast<std::size_t>(key) % cache_values.size()];
  if (key % 10 != 9) co_return v;
  co_return co_await bench::loop_operation{loop, v};
}

// The event loop the current cache run completes its misses on.
bench::event_loop* cache_loop_of_run = nullptr;

driver cppcoro_cache_loop(benchmark::State& state, bench::event_loop& loop) {
  int sum = 0, key = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) {
    sum += co_await cppcoro_get(loop, key);
    key = key == 999 ? 0 : key + 1;
  }
  meter.finish();
  bench::keep(sum);
}

as::lazy<int> async_simple_cache_loop(benchmark::State& state) {
  int sum = 0, key = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) {
    sum += co_await async_simple_get(*cache_loop_of_run, key);
    key = key == 999 ? 0 : key + 1;
  }
  meter.finish();
  bench::keep(sum);
  co_return sum;
}

fs::task<int> folly_cache_loop(benchmark::State& state) {
  int sum = 0, key = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) {
    sum += co_await folly_get(*cache_loop_of_run, key);
    key = key == 999 ? 0 : key + 1;
  }
  meter.finish();
  bench::keep(sum);
  co_return sum;
}

void cache_h_cppcoro_task(benchmark::State& state) {
  bench::event_loop loop;
  auto d = cppcoro_cache_loop(state, loop);
  loop.run();
  d.check();
}

template <class Task>
void run_cache_on_loop(Task (*loop_body)(benchmark::State&), benchmark::State& state) {
  bench::event_loop loop;
  loop_executor executor(loop);
  cache_loop_of_run = &loop;
  Task t = loop_body(state);
  std::move(t).start_detached(&executor);
  loop.run();
  cache_loop_of_run = nullptr;
  if (!t.done()) {
    std::fputs("peer cache loop did not finish\n", stderr);
    std::abort();
  }
}

void cache_i_async_simple_lazy(benchmark::State& state) {
  run_cache_on_loop(&async_simple_cache_loop, state);
}
void cache_j_folly_task(benchmark::State& state) { run_cache_on_loop(&folly_cache_loop, state); }

}  // namespace

// Called by main.cpp.
void bench::register_peer_task_cases() {
  benchmark::RegisterBenchmark("h_cppcoro_task", h_cppcoro_task);
  benchmark::RegisterBenchmark("i_async_simple_lazy", i_async_simple_lazy);
  benchmark::RegisterBenchmark("j_folly_task", j_folly_task);
  benchmark::RegisterBenchmark("chain_h_cppcoro_task", chain_h_cppcoro_task)->Arg(1000);
  benchmark::RegisterBenchmark("chain_i_async_simple_lazy", chain_i_async_simple_lazy)->Arg(1000);
  benchmark::RegisterBenchmark("chain_j_folly_task", chain_j_folly_task)->Arg(1000);
  benchmark::RegisterBenchmark("cache_h_cppcoro_task", cache_h_cppcoro_task);
  benchmark::RegisterBenchmark("cache_i_async_simple_lazy", cache_i_async_simple_lazy);
  benchmark::RegisterBenchmark("cache_j_folly_task", cache_j_folly_task);
}
