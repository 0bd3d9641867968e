// examples/echo: a TCP echo server and a load client over loopback, written
// with value_task and valuetask::asio::use_value_task.
//
//   valuetask-example-echo [clients [round-trips [message-bytes]]]
//
// Listens on 127.0.0.1 (an ephemeral port), connects `clients` clients (8),
// each sends `round-trips` (2,000) messages of `message-bytes` (64) bytes and
// checks every echo, with a 5 s deadline on each reply (with_timeout). When
// the last client is done the server has nothing left to do: the io_context
// runs out of work and the program prints a summary and exits (0 when every
// echo was right).
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include "echo.hpp"

namespace {

using echo::tcp;
using valuetask::value_task;
using namespace std::chrono_literals;

struct load_report {
  std::size_t round_trips = 0;
  std::size_t wrong_echoes = 0;
  std::vector<std::string> errors;
};

std::size_t argument(int argc, char** argv, int index, std::size_t fallback) {
  if (argc <= index) return fallback;
  char* end = nullptr;
  const unsigned long value = std::strtoul(argv[index], &end, 10);
  if (end == argv[index] || *end != '\0' || value == 0 || value > 1'000'000) {
    std::fprintf(stderr, "echo: '%s' is not a count between 1 and 1000000\n", argv[index]);
    std::exit(2);
  }
  return value;
}

// One client: its own message pattern, so a crossed stream would show.
value_task<void> client(tcp::endpoint server, std::size_t id, std::size_t round_trips,
                        std::size_t message_bytes, load_report& report) {
  try {
    tcp::socket socket = co_await echo::connect(valuetask::asio::current_executor(), server);
    std::vector<char> request(message_bytes), reply(message_bytes);
    for (std::size_t round = 0; round < round_trips; ++round) {
      for (std::size_t i = 0; i < message_bytes; ++i) {
        request[i] = static_cast<char>('a' + (id * 7 + round + i) % 26);
      }
      co_await valuetask::asio::with_timeout(echo::round_trip(socket, request, reply), 5s);
      if (reply != request) ++report.wrong_echoes;
      ++report.round_trips;
    }
  } catch (const std::exception& error) {
    report.errors.push_back("client " + std::to_string(id) + ": " + error.what());
  }
}

// Starts every client from the io_context, so each one begins on it.
value_task<void> load(boost::asio::io_context& context, tcp::endpoint server, std::size_t clients,
                      std::size_t round_trips, std::size_t message_bytes, load_report& report) {
  co_await valuetask::asio::resume_on(context.get_executor());
  std::vector<value_task<void>> running;
  for (std::size_t id = 0; id < clients; ++id) {
    running.push_back(client(server, id, round_trips, message_bytes, report));
  }
  co_await valuetask::when_all(std::move(running));
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t clients = argument(argc, argv, 1, 8);
  const std::size_t round_trips = argument(argc, argv, 2, 2000);
  const std::size_t message_bytes = argument(argc, argv, 3, 64);

  boost::asio::io_context context(1);
  tcp::acceptor acceptor(context, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  const tcp::endpoint server = acceptor.local_endpoint();

  load_report report;
  value_task<void> serving = echo::serve(acceptor, clients);
  value_task<void> loading = load(context, server, clients, round_trips, message_bytes, report);
  const auto start = std::chrono::steady_clock::now();
  context.run();  // returns when the clients are done and every session saw its client close
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

  for (const std::string& error : report.errors) std::fprintf(stderr, "echo: %s\n", error.c_str());
  std::printf("echo: %zu clients, %zu round trips of %zu bytes, %zu wrong echoes, %zu errors\n", clients,
              report.round_trips, message_bytes, report.wrong_echoes, report.errors.size());
  std::printf("echo: %.0f round trips/s over 127.0.0.1\n", static_cast<double>(report.round_trips) / elapsed.count());
  const bool ok = report.round_trips == clients * round_trips && report.wrong_echoes == 0 &&
                  report.errors.empty() && serving.is_completed() && loading.is_completed();
  std::printf("echo: %s\n", ok ? "all echoes right" : "FAILED");
  return ok ? 0 : 1;
}
