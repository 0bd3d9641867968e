// bench::lazy::task<T>: the minimal always-allocating lazy task that C++ users
// write or pick today (the shape of cppcoro's task<T>): the coroutine starts
// suspended, is started by the co_await that consumes it, hands its result back
// through symmetric transfer to its awaiter, and its frame comes from the
// global operator new on every call (so the counter sees it).
#pragma once

#include <cassert>
#include <coroutine>
#include <exception>
#include <new>
#include <type_traits>
#include <utility>

namespace bench::lazy {

template <class T>
class task {
  static_assert(!std::is_void_v<T> && !std::is_reference_v<T>, "this peer only returns values");

 public:
  struct promise_type {
    // Who resumes whom: the awaiter stores itself as the continuation and
    // transfers to this frame; the final awaiter transfers back to it.
    std::coroutine_handle<> continuation = std::noop_coroutine();
    std::exception_ptr error;
    bool has_value = false;
    union {
      T value;
    };

    promise_type() noexcept {}
    promise_type(const promise_type&) = delete;
    ~promise_type() {
      if (has_value) value.~T();
    }

    task get_return_object() noexcept {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }

    struct final_awaiter {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().continuation;
      }
      void await_resume() const noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }

    template <class U>
    void return_value(U&& v) {
      ::new (static_cast<void*>(&value)) T(std::forward<U>(v));
      has_value = true;
    }
    void unhandled_exception() noexcept { error = std::current_exception(); }
  };

  task(task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  task& operator=(task&&) = delete;
  task(const task&) = delete;
  ~task() {
    if (h_) h_.destroy();
  }

  struct awaiter {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
      h.promise().continuation = caller;
      return h;
    }
    T await_resume() {
      auto& p = h.promise();
      if (p.error) std::rethrow_exception(p.error);
      return std::move(p.value);
    }
  };
  awaiter operator co_await() && noexcept {
    assert(h_ && "awaiting an empty lazy task");
    return awaiter{h_};
  }

 private:
  explicit task(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

}  // namespace bench::lazy
