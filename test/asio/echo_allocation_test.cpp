// Zero heap allocations per echo round trip in steady state: the echo
// server and client of examples/echo, one connection on one io_context, every
// malloc-family call of the process counted (bench/echo/heap_counter.cpp), so
// operator new and Asio's recycling allocator (aligned_alloc) are both seen.
// Under a sanitizer the counter is unavailable and only the echoes are checked.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include "echo.hpp"
#include "heap_counter.hpp"

namespace {

using echo::tcp;
using valuetask::value_task;

struct measurement {
  std::uint64_t allocations = 0;
  int wrong_echoes = 0;
};

value_task<void> measure(boost::asio::io_context& context, tcp::endpoint server, int warm_up, int measured,
                         measurement& result) {
  tcp::socket socket = co_await echo::connect(context.get_executor(), server);
  std::array<char, 64> request{}, reply{};
  for (int round = 0; round < warm_up + measured; ++round) {
    if (round == warm_up) result.allocations = heap_counter::allocations();
    request[round % request.size()] = static_cast<char>(round);
    co_await echo::round_trip(socket, request, reply);
    if (reply != request) ++result.wrong_echoes;
  }
  result.allocations = heap_counter::allocations() - result.allocations;
}

TEST(EchoAllocations, no_heap_allocation_per_round_trip_in_steady_state) {
  boost::asio::io_context context(1);
  tcp::acceptor acceptor(context, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  value_task<void> serving = echo::serve(acceptor, 1);
  measurement result;
  value_task<void> client = measure(context, acceptor.local_endpoint(), 1000, 10000, result);
  context.run();
  ASSERT_TRUE(client.is_completed());
  std::move(client).result();
  EXPECT_EQ(result.wrong_echoes, 0);
  if (!heap_counter::available()) GTEST_SKIP() << "no allocation counter under a sanitizer";
  EXPECT_EQ(result.allocations, 0U) << "heap allocations in 10,000 round trips";
}

}  // namespace
