// (f) Boost.Asio's awaitable<int>, awaited inside a co_spawn'ed coroutine on an
// io_context run by the benchmark thread; and its nested chain.
#include <exception>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "common.hpp"

namespace {

namespace asio = boost::asio;

BENCH_NOINLINE asio::awaitable<int> asio_leaf(int i) { co_return i + 1; }

asio::awaitable<void> asio_loop(benchmark::State& state) {
  int sum = 0, i = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await asio_leaf(i++);
  meter.finish();
  bench::keep(sum);
}

BENCH_NOINLINE asio::awaitable<int> asio_chain(int depth) {
  if (depth == 0) co_return 0;
  co_return co_await asio_chain(depth - 1) + 1;
}

asio::awaitable<void> asio_chain_loop(benchmark::State& state) {
  const auto depth = static_cast<int>(state.range(0));
  int sum = 0;
  bench::alloc_meter meter(state);
  for (auto _ : state) sum += co_await asio_chain(depth);
  meter.finish(static_cast<double>(depth));
  state.counters["depth"] = static_cast<double>(depth);
  bench::keep(sum);
}

// Spawns the loop on a fresh io_context, runs it to completion, rethrows.
void run_spawned(asio::awaitable<void> loop) {
  asio::io_context context(1);
  bool finished = false;
  std::exception_ptr error;
  asio::co_spawn(context, std::move(loop), [&](std::exception_ptr e) {
    error = e;
    finished = true;
  });
  context.run();
  if (!finished) {
    std::fputs("asio benchmark loop did not finish\n", stderr);
    std::abort();
  }
  if (error) std::rethrow_exception(error);
}

void f_asio_awaitable(benchmark::State& state) { run_spawned(asio_loop(state)); }

void chain_f_asio_awaitable(benchmark::State& state) { run_spawned(asio_chain_loop(state)); }

}  // namespace

// Called by main.cpp.
void bench::register_asio_cases() {
  benchmark::RegisterBenchmark("f_asio_awaitable", f_asio_awaitable);
  benchmark::RegisterBenchmark("chain_f_asio_awaitable", chain_f_asio_awaitable)->Arg(1000);
}
