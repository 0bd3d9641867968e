// The echo server of examples/echo written the usual Asio way, with
// boost::asio::awaitable and use_awaitable: the baseline the value_task
// server is measured against (the same loop, the same buffer, the same
// end-of-stream rule).
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace awaitable_echo {

using boost::asio::ip::tcp;

inline boost::asio::awaitable<void> session(tcp::socket socket) {
  std::array<char, 4096> buffer;
  for (;;) {
    auto [error, size] = co_await socket.async_read_some(boost::asio::buffer(buffer),
                                                        boost::asio::as_tuple(boost::asio::use_awaitable));
    if (error) co_return;
    co_await boost::asio::async_write(socket, boost::asio::buffer(buffer.data(), size), boost::asio::use_awaitable);
  }
}

inline boost::asio::awaitable<void> serve(tcp::acceptor& acceptor, std::size_t connections) {
  for (std::size_t accepted = 0; accepted < connections; ++accepted) {
    tcp::socket socket = co_await acceptor.async_accept(boost::asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    boost::asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), boost::asio::detached);
  }
}

}  // namespace awaitable_echo
