// A stand-in for <valuetask/asio.hpp> and the few Boost.Asio names it meets
// (declarations only, like value_task.h): as_awaitable takes the task as an
// rvalue, and an operation given use_value_task returns a plain value_task.
#pragma once
#include <cstddef>

#include "value_task.h"

namespace boost::asio {

template <class T> class awaitable {
public:
  awaitable(awaitable &&) noexcept;
  ~awaitable();
};

struct mutable_buffer {
  void *data;
  std::size_t size;
};

} // namespace boost::asio

namespace valuetask::asio {

struct use_value_task_t {};
inline constexpr use_value_task_t use_value_task{};

template <class T> boost::asio::awaitable<T> as_awaitable(valuetask::value_task<T> &&task);

} // namespace valuetask::asio

// An I/O object whose operations, given use_value_task, return value_tasks.
struct tcp_socket {
  valuetask::value_task<std::size_t> async_read_some(boost::asio::mutable_buffer buffer,
                                          valuetask::asio::use_value_task_t token);
  valuetask::value_task<std::size_t> async_write_some(boost::asio::mutable_buffer buffer,
                                           valuetask::asio::use_value_task_t token);
};
