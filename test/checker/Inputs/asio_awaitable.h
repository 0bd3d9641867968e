// A stand-in for Boost.Asio's awaitable (declarations only): a coroutine
// type whose frame awaits other awaitables through await_transform, taking
// them by value, and which has no way to share one result between awaits.
#pragma once
#include <coroutine>

namespace boost::asio {

template <class T> class awaitable {
public:
  struct promise_type {
    awaitable get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
    template <class U> struct awaiter {
      bool await_ready() const noexcept;
      void await_suspend(std::coroutine_handle<>) noexcept;
      U await_resume();
    };
    template <class U> awaiter<U> await_transform(awaitable<U> other);
  };
  awaitable(awaitable &&) noexcept;
  ~awaitable();
};

} // namespace boost::asio
