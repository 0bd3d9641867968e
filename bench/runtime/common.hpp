// What every benchmark case shares: the driver coroutine that awaits each case
// in a loop, the single-threaded event loop that completes operations later,
// the allocation meter, and the attribute that keeps a callee out of line.
#pragma once

#include <array>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <utility>

#include <benchmark/benchmark.h>

#include "alloc_counter.hpp"

// A callee the optimiser may not inline into the awaiting loop. Every case is
// measured through such a call so that no case is folded into its caller
// (clang -O2 would otherwise elide the frame of a never-suspending coroutine
// and turn it into a plain function: see "(c)" in docs/benchmarks.md). The
// "_inlinable" variants of some cases drop it on purpose.
#define BENCH_NOINLINE [[gnu::noinline]]

namespace bench {

// Reports heap allocations per iteration as the counter "allocs/op". Construct
// it just before `for (auto _ : state)` and call finish() right after.
class alloc_meter {
 public:
  explicit alloc_meter(benchmark::State& state) noexcept
      : state_(state), start_(allocations()) {}
  void finish(double ops_per_iteration = 1.0) {
    auto used = static_cast<double>(allocations() - start_);
    state_.counters["allocs/op"] =
        benchmark::Counter(used / ops_per_iteration, benchmark::Counter::kAvgIterations);
  }

 private:
  benchmark::State& state_;
  std::uint64_t start_;
};

// The awaiting side of every non-Asio case: an eagerly started coroutine that
// runs a benchmark loop and can await anything. Its one frame is allocated
// before the timed loop starts.
class driver {
 public:
  struct promise_type {
    std::exception_ptr error;
    driver get_return_object() noexcept {
      return driver{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { error = std::current_exception(); }
  };

  driver(driver&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  driver& operator=(driver&&) = delete;
  ~driver() {
    if (h_) h_.destroy();
  }

  bool done() const noexcept { return h_.done(); }
  // Rethrows what the loop threw; aborts if it never finished (a case that
  // forgot to run its event loop must not report a figure).
  void check() const {
    if (!h_.done()) {
      std::fputs("benchmark driver did not finish\n", stderr);
      std::abort();
    }
    if (h_.promise().error) std::rethrow_exception(h_.promise().error);
  }

 private:
  explicit driver(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

// A single-threaded event loop: a fixed ring of (function, context, value)
// items, so posting never allocates. Completions run from run(), on a stack
// where the awaiting coroutine is suspended: the realistic "completed later by
// the I/O loop" path.
class event_loop {
 public:
  using callback = void (*)(void* context, int value);

  void post(callback fn, void* context, int value) noexcept {
    if (tail_ - head_ == ring_.size()) {
      std::fputs("event_loop overflow\n", stderr);
      std::abort();
    }
    ring_[tail_++ % ring_.size()] = item{fn, context, value};
  }

  // Runs items until none is left, including those posted while running.
  void run() {
    while (head_ != tail_) {
      item it = ring_[head_++ % ring_.size()];
      it.fn(it.context, it.value);
    }
  }

 private:
  struct item {
    callback fn = nullptr;
    void* context = nullptr;
    int value = 0;
  };
  std::array<item, 64> ring_{};
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

// co_await loop_operation{loop, v}: suspends, and the loop later resumes the
// awaiter with v. The completion the allocating peers use.
struct loop_operation {
  event_loop& loop;
  int value;
  std::coroutine_handle<> waiter{};

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    waiter = h;
    loop.post(
        [](void* self, int) { static_cast<loop_operation*>(self)->waiter.resume(); }, this, value);
  }
  int await_resume() const noexcept { return value; }
};

// Each cases_*.cpp registers its benchmarks by name (main.cpp calls these):
// the BENCHMARK macro uses __COUNTER__, which clang 22 flags under -Wpedantic.
void register_peer_cases();
void register_peer_task_cases();
void register_asio_cases();
void register_value_task_cases();

// Keeps a value observable so the loop computing it is not removed.
template <class T>
inline void keep(T&& value) {
  benchmark::DoNotOptimize(value);
}

}  // namespace bench
