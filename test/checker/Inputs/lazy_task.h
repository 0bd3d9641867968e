// A third-party lazy task, awaited as an lvalue (`co_await t`), as many
// libraries do (cppcoro::task, for one); single-consumption all the same.
#pragma once
#include <coroutine>

namespace lib {

template <class T> class lazy {
public:
  struct promise_type {
    lazy get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  struct awaiter {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    T await_resume();
  };
  lazy(lazy &&) noexcept;
  ~lazy();
  awaiter operator co_await() & noexcept;
  bool is_ready() const noexcept;
};

} // namespace lib

// Same name as the runtime's type, another namespace: never tracked.
namespace other {
template <class T> class value_task {
public:
  struct promise_type {
    value_task get_return_object();
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
} // namespace other
