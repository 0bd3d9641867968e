// The echo protocol, written with value_task and use_value_task: a server
// that echoes every byte back, and a client that sends a message and reads
// its echo. Shared by the example program, the bridge's tests and the
// benchmark (bench/echo), which pits it against the same code written with
// boost::asio::awaitable.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <system_error>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <valuetask/asio.hpp>
#include <valuetask/value_task.hpp>

namespace echo {

using boost::asio::ip::tcp;
using valuetask::value_task;
using valuetask::asio::use_value_task;

// Echoes until the peer closes its side (or the connection fails).
inline value_task<void> session(tcp::socket socket) {
  std::array<char, 4096> buffer;
  for (;;) {
    // as_tuple: an end of stream is the normal end of a session, not an exception.
    auto [error, size] = co_await socket.async_read_some(boost::asio::buffer(buffer),
                                                        valuetask::asio::as_tuple(use_value_task));
    if (error) co_return;
    co_await boost::asio::async_write(socket, boost::asio::buffer(buffer.data(), size), use_value_task);
  }
}

// Accepts `connections` connections, starting a session for each; the
// sessions run on by themselves (each is a detached value_task).
inline value_task<void> serve(tcp::acceptor& acceptor, std::size_t connections) {
  for (std::size_t accepted = 0; accepted < connections; ++accepted) {
    tcp::socket socket = co_await acceptor.async_accept(use_value_task);
    socket.set_option(tcp::no_delay(true));
    static_cast<void>(session(std::move(socket)));  // detached: it frees itself at the end
  }
}

// One request: sends `request` and reads back as many bytes into `reply`.
inline value_task<void> round_trip(tcp::socket& socket, std::span<const char> request,
                                   std::span<char> reply) {
  co_await boost::asio::async_write(socket, boost::asio::buffer(request.data(), request.size()),
                                    use_value_task);
  co_await boost::asio::async_read(socket, boost::asio::buffer(reply.data(), request.size()),
                                   use_value_task);
}

inline value_task<tcp::socket> connect(const boost::asio::any_io_executor& executor, tcp::endpoint server) {
  tcp::socket socket(executor);
  co_await socket.async_connect(server, use_value_task);
  socket.set_option(tcp::no_delay(true));
  co_return socket;
}

}  // namespace echo
