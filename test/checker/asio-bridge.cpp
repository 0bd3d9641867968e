// The Boost.Asio bridge: a value_task handed to as_awaitable is consumed by
// the call (it takes the task as an rvalue), and an operation given
// use_value_task is an ordinary value_task expression.
// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "asio_bridge.h"
#include "value_task.h"

using valuetask::value_task;
using valuetask::asio::as_awaitable;
using valuetask::asio::use_value_task;

value_task<int> make();
void keep(boost::asio::awaitable<int> awaitable);

// ---- flagged ----------------------------------------------------------------

value_task<int> handed_to_as_awaitable_then_awaited() {
  auto t = make();
  keep(as_awaitable(std::move(t)));
  co_return co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: task 't' is awaited after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:31: note: 't' was passed to 'as_awaitable' here
}

void handed_to_as_awaitable_twice() {
  auto t = make();
  keep(as_awaitable(std::move(t)));
  keep(as_awaitable(std::move(t)));
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: task 't' is passed to 'as_awaitable' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:31: note: 't' was passed to 'as_awaitable' here
}

value_task<std::size_t> operation_awaited_twice(tcp_socket &socket, boost::asio::mutable_buffer buffer) {
  auto read = socket.async_read_some(buffer, use_value_task);
  std::size_t n = co_await std::move(read);
  n += co_await std::move(read);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: task 'read' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:38: note: 'read' was awaited here
  co_return n;
}

value_task<std::size_t> operation_awaited_then_handed_to_as_awaitable(tcp_socket &socket,
                                                                       boost::asio::mutable_buffer buffer) {
  auto write = socket.async_write_some(buffer, use_value_task);
  std::size_t n = co_await std::move(write);
  boost::asio::awaitable<std::size_t> late = as_awaitable(std::move(write));
  // CHECK-MESSAGES: :[[@LINE-1]]:69: warning: task 'write' is passed to 'as_awaitable' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:38: note: 'write' was awaited here
  co_return n;
}

// ---- not flagged ------------------------------------------------------------

void handed_to_as_awaitable_once() {
  auto t = make();
  keep(as_awaitable(std::move(t)));
}

void temporary_handed_to_as_awaitable() { keep(as_awaitable(make())); }

value_task<std::size_t> operations_awaited_once_each(tcp_socket &socket, boost::asio::mutable_buffer buffer) {
  std::size_t n = co_await socket.async_read_some(buffer, use_value_task);
  auto write = socket.async_write_some(buffer, use_value_task);
  n += co_await std::move(write);
  co_return n;
}

value_task<std::size_t> operation_in_a_loop(tcp_socket &socket, boost::asio::mutable_buffer buffer, int rounds) {
  std::size_t total = 0;
  for (int i = 0; i < rounds; ++i) {
    auto read = socket.async_read_some(buffer, use_value_task);
    total += co_await std::move(read);
  }
  co_return total;
}
