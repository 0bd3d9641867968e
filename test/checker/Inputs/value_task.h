// A stand-in for <valuetask/value_task.hpp> with the same consuming and
// observing surface (declarations only: the checks read the AST, nothing
// here runs). Keeps the lit tests fast and independent of the runtime.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace valuetask {

template <class T> class shared_task;

template <class T> class [[nodiscard]] value_task {
public:
  struct promise_type {
    value_task get_return_object();
    std::suspend_never initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  struct awaiter {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    T await_resume();
  };

  value_task() noexcept;
  value_task(T value);
  value_task(value_task &&) noexcept;
  value_task &operator=(value_task &&) noexcept;
  value_task(const value_task &) = delete;
  ~value_task();

  awaiter operator co_await() && noexcept;
  T result() &&;
  shared_task<T> preserve() &&;

  bool is_completed() const noexcept;
  bool is_completed_successfully() const noexcept;
  bool is_faulted() const noexcept;
};

template <> class [[nodiscard]] value_task<void> {
public:
  struct promise_type {
    value_task get_return_object();
    std::suspend_never initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  struct awaiter {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume();
  };
  value_task() noexcept;
  value_task(value_task &&) noexcept;
  value_task &operator=(value_task &&) noexcept;
  ~value_task();
  awaiter operator co_await() && noexcept;
  void result() &&;
  shared_task<void> preserve() &&;
  bool is_completed() const noexcept;
};

// Copyable, awaitable any number of times: what preserve() hands out.
template <class T> class shared_task {
public:
  shared_task(const shared_task &);
  typename value_task<T>::awaiter operator co_await() const noexcept;
  const T &result() const;
  bool is_completed() const noexcept;
};

template <class T> value_task<T> from_result(T value);
template <class T> value_task<T> from_exception(std::exception_ptr error);
template <class T> T sync_wait(value_task<T> &&task);
template <class... Ts> value_task<int> when_all(value_task<Ts> &&...tasks);

} // namespace valuetask
