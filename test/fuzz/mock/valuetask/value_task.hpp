// A declaration-only stand-in for <valuetask/value_task.hpp>, mirroring the
// API of DESIGN.md section 1, so that the fuzzer's generated programs can be
// parsed (clang++ -fsyntax-only, clang-tidy) when the real runtime header is
// not at hand. Nothing here is meant to run. The checks match
// ::valuetask::value_task on its canonical declaration, so this class is
// tracked exactly like the real one.
#pragma once

#include <coroutine>
#include <exception>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>

namespace valuetask {

class task_misuse_error : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

template <typename T> class shared_task;
template <typename T> class value_task;

namespace detail {
template <typename T> struct promise {
  value_task<T> get_return_object() noexcept;
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {}
  template <typename U> void return_value(U &&) {}
};
template <> struct promise<void> {
  value_task<void> get_return_object() noexcept;
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {}
  void return_void() {}
};
template <typename T> struct awaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume();
};
} // namespace detail

template <typename T> class [[nodiscard]] value_task {
public:
  using promise_type = detail::promise<T>;
  using value_type = T;

  value_task() noexcept = default;
  template <typename U = T>
    requires(!std::is_void_v<U>)
  explicit value_task(U &&) {}
  value_task(value_task &&) noexcept {}
  value_task &operator=(value_task &&) noexcept { return *this; }
  value_task(const value_task &) = delete;
  value_task &operator=(const value_task &) = delete;
  ~value_task() {}

  bool is_completed() const noexcept { return true; }
  bool is_completed_successfully() const noexcept { return true; }
  bool is_faulted() const noexcept { return false; }

  T result() &&;
  shared_task<T> preserve() &&;
  detail::awaiter<T> operator co_await() && noexcept { return {}; }
};

template <typename T> class shared_task {
public:
  bool is_completed() const noexcept { return true; }
  detail::awaiter<T> operator co_await() const noexcept { return {}; }
};

template <typename T>
value_task<T> detail::promise<T>::get_return_object() noexcept { return {}; }
inline value_task<void> detail::promise<void>::get_return_object() noexcept {
  return {};
}

template <typename T> [[nodiscard]] value_task<std::decay_t<T>> from_result(T &&v) {
  return value_task<std::decay_t<T>>(std::forward<T>(v));
}
template <typename T> [[nodiscard]] value_task<T> from_exception(std::exception_ptr) {
  return {};
}
template <typename T> T sync_wait(value_task<T> &&);
template <typename... T>
[[nodiscard]] value_task<std::tuple<T...>> when_all(value_task<T> &&...);

template <typename T> class manual_reset_source {
public:
  unsigned version() const noexcept { return 0; }
  void reset() noexcept {}
  void set_result(T) {}
  void set_exception(std::exception_ptr) {}
  [[nodiscard]] value_task<T> task() { return {}; }
};

} // namespace valuetask
