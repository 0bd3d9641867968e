// valuetask-bench-echo: requests per second and heap allocations per request
// of the echo server of examples/echo (value_task + use_value_task) against
// the same server written with boost::asio::awaitable + use_awaitable, in one
// run. Everything runs on one io_context on the benchmark thread, over
// 127.0.0.1: `connections` clients (the value_task client of examples/echo,
// the same for both servers) each send one 64-byte request per iteration and
// read its echo; an iteration ends when every echo is back. The allocation
// counter sees the whole process (operator new and the malloc family, which
// Asio's recycling allocator uses), clients included; the clients allocate
// nothing per request, so the figure is the server's.
#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include "awaitable_echo.hpp"
#include "echo.hpp"
#include "heap_counter.hpp"

namespace {

using echo::tcp;
using valuetask::value_task;

enum class server { value_task, awaitable };

struct client {
  tcp::socket socket;
  std::array<char, 64> request{};
  std::array<char, 64> reply{};
};

value_task<void> connect_all(boost::asio::io_context& context, tcp::endpoint endpoint, std::vector<client>& clients,
                             std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    // Not co_await inside the braced initialiser: g++ 12 mishandles that.
    tcp::socket socket = co_await echo::connect(context.get_executor(), endpoint);
    clients.push_back(client{std::move(socket)});
    clients.back().request.fill(static_cast<char>('a' + i % 26));
  }
}

// Runs the context until every task completed; rethrows a failure.
void run_until_done(boost::asio::io_context& context, std::vector<value_task<void>>& tasks) {
  for (;;) {
    bool done = true;
    for (const value_task<void>& task : tasks) done = done && task.is_completed();
    if (done) break;
    context.run_one();
  }
  for (value_task<void>& task : tasks) std::move(task).result();
  tasks.clear();
}

void echo_round_trips(benchmark::State& state, server which) {
  const auto connections = static_cast<std::size_t>(state.range(0));
  boost::asio::io_context context(1);
  tcp::acceptor acceptor(context, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  std::vector<value_task<void>> tasks;
  tasks.reserve(connections + 1);
  if (which == server::value_task) {
    tasks.push_back(echo::serve(acceptor, connections));
  } else {
    boost::asio::co_spawn(context, awaitable_echo::serve(acceptor, connections), boost::asio::detached);
  }
  std::vector<client> clients;
  clients.reserve(connections);
  tasks.push_back(connect_all(context, acceptor.local_endpoint(), clients, connections));
  run_until_done(context, tasks);

  auto one_round = [&] {
    for (client& c : clients) tasks.push_back(echo::round_trip(c.socket, c.request, c.reply));
    run_until_done(context, tasks);
  };
  for (int i = 0; i < 200; ++i) one_round();  // warm up the caches (frames, Asio's recycling)

  const std::uint64_t allocations_before = heap_counter::allocations();
  for (auto _ : state) one_round();
  const std::uint64_t allocations = heap_counter::allocations() - allocations_before;

  for (const client& c : clients) {
    if (c.reply != c.request) throw std::runtime_error("echo: a wrong echo");
  }
  const auto requests = static_cast<double>(state.iterations()) * static_cast<double>(connections);
  state.counters["requests_per_s"] = benchmark::Counter(requests, benchmark::Counter::kIsRate);
  state.counters["allocs_per_request"] =
      heap_counter::available() ? static_cast<double>(allocations) / requests : -1.0;
  state.counters["connections"] = static_cast<double>(connections);
  clients.clear();  // the sessions see the end of stream and finish
  context.run();
}

void register_cases() {
  for (auto [name, which] : {std::pair{"echo/value_task", server::value_task},
                             std::pair{"echo/asio_awaitable", server::awaitable}}) {
    benchmark::RegisterBenchmark(name, echo_round_trips, which)
        ->Arg(1)
        ->Arg(16)
        ->ArgName("connections")
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_cases();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
