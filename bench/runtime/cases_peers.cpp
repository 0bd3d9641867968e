// The peers that need nothing but the standard library: (a) a plain function,
// (e) the always-allocating lazy task, (g) std::promise/std::future; the lazy
// task's nested chain and its version of the cache scenario.
#include <array>
#include <chrono>
#include <future>

#include "common.hpp"
#include "lazy_task.hpp"

namespace {

using bench::driver;

// ---- (a) a plain function returning int: the physical limit -----------------

BENCH_NOINLINE int plain_function(int i) { return i + 1; }

driver plain_loop(benchmark::State& state) {
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += plain_function(i++);
  meter.finish();
  bench::keep(sum);
  co_return;
}

void a_plain_function(benchmark::State& state) { plain_loop(state).check(); }

// (a′) The same call in a loop that also crosses a suspension point each
// iteration (an awaiter that never suspends, but the compiler cannot know it):
// the loop's state now lives in the coroutine frame, as in every case below
// that awaits its result. The floor of "awaited from a coroutine in a loop".
volatile bool always_ready = true;

struct opaque_ready {
  bool await_ready() const noexcept { return always_ready; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

driver plain_awaiting_loop(benchmark::State& state) {
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) {
    sum += plain_function(i++);
    co_await opaque_ready{};
  }
  meter.finish();
  bench::keep(sum);
}

void a_plain_function_in_awaiting_loop(benchmark::State& state) {
  plain_awaiting_loop(state).check();
}

// ---- (e) the always-allocating lazy task ------------------------------------

BENCH_NOINLINE bench::lazy::task<int> lazy_leaf(int i) { co_return i + 1; }

// No attribute: clang -O2 may inline the ramp and elide the frame (HALO).
bench::lazy::task<int> lazy_leaf_inlinable(int i) { co_return i + 1; }

template <auto Callee>
driver lazy_loop(benchmark::State& state) {
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await Callee(i++);
  meter.finish();
  bench::keep(sum);
}

void e_lazy_task(benchmark::State& state) { lazy_loop<&lazy_leaf>(state).check(); }

void e_lazy_task_inlinable(benchmark::State& state) {
  lazy_loop<&lazy_leaf_inlinable>(state).check();
}

// ---- (g) std::promise / std::future -----------------------------------------

// The promise is fulfilled before the future is awaited (there is no thread to
// wait for): what is measured is the shared state's allocation and its
// synchronisation, the floor of any future-based design.
BENCH_NOINLINE std::future<int> future_operation(int i) {
  std::promise<int> p;
  std::future<int> f = p.get_future();
  p.set_value(i + 1);
  return f;
}

struct future_awaiter {
  std::future<int> future;
  bool await_ready() const {
    return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }
  void await_suspend(std::coroutine_handle<>) const {
    std::fputs("future_awaiter: this benchmark only awaits ready futures\n", stderr);
    std::abort();
  }
  int await_resume() { return future.get(); }
};

driver future_loop(benchmark::State& state) {
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await future_awaiter{future_operation(i++)};
  meter.finish();
  bench::keep(sum);
}

void g_std_future(benchmark::State& state) { future_loop(state).check(); }

// ---- nested chain: (e) ---------------------------------------------------------

BENCH_NOINLINE bench::lazy::task<int> lazy_chain(int depth) {
  if (depth == 0) co_return 0;
  co_return co_await lazy_chain(depth - 1) + 1;
}

driver lazy_chain_loop(benchmark::State& state) {
  const auto depth = static_cast<int>(state.range(0));
  int sum = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await lazy_chain(depth);
  meter.finish(static_cast<double>(depth));
  state.counters["depth"] = static_cast<double>(depth);
  bench::keep(sum);
}

void chain_e_lazy_task(benchmark::State& state) { lazy_chain_loop(state).check(); }

// ---- the cache scenario, with the lazy task ----------------------------------

// 90 % hits answered at once, 10 % misses completed later by the event loop.
class lazy_cache {
 public:
  explicit lazy_cache(bench::event_loop& loop) : loop_(loop) {
    for (int k = 0; k < static_cast<int>(values_.size()); ++k) values_[static_cast<std::size_t>(k)] = k;
  }
  BENCH_NOINLINE bench::lazy::task<int> get(int key) {
    const int v = values_[static_cast<std::size_t>(key) % values_.size()];
    if (key % 10 != 9) co_return v;
    co_return co_await bench::loop_operation{loop_, v};
  }

 private:
  bench::event_loop& loop_;
  std::array<int, 1024> values_{};
};

driver lazy_cache_loop(benchmark::State& state, lazy_cache& cache) {
  int sum = 0, key = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) {
    sum += co_await cache.get(key);
    key = key == 999 ? 0 : key + 1;
  }
  meter.finish();
  bench::keep(sum);
}

void cache_e_lazy_task(benchmark::State& state) {
  bench::event_loop loop;
  lazy_cache cache(loop);
  auto d = lazy_cache_loop(state, cache);
  loop.run();
  d.check();
}

}  // namespace

// Called by main.cpp.
void bench::register_peer_cases() {
  benchmark::RegisterBenchmark("a_plain_function", a_plain_function);
  benchmark::RegisterBenchmark("a_plain_function_in_awaiting_loop", a_plain_function_in_awaiting_loop);
  benchmark::RegisterBenchmark("e_lazy_task", e_lazy_task);
  benchmark::RegisterBenchmark("e_lazy_task_inlinable", e_lazy_task_inlinable);
  benchmark::RegisterBenchmark("g_std_future", g_std_future);
  benchmark::RegisterBenchmark("chain_e_lazy_task", chain_e_lazy_task)->Arg(1000);
  benchmark::RegisterBenchmark("cache_e_lazy_task", cache_e_lazy_task);
}
