// sync_wait(std::move(t)): blocks the calling thread until the task completes
// and returns its result. A completed task costs nothing: no frame, no lock.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <condition_variable>
#include <coroutine>
#include <exception>
#include <mutex>

#include "valuetask/core.hpp"
#include "valuetask/detail/frame_allocator.hpp"

namespace valuetask {

namespace detail {

// Signalled once by the driver's final suspension. The flag is set and the
// waiter notified under the lock, so the waiter cannot return (and destroy
// the event) before set() has finished touching it.
class completion_event {
 public:
  void set() {
    const std::lock_guard lock(mutex_);
    done_ = true;
    completed_.notify_one();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    completed_.wait(lock, [this] { return done_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable completed_;
  bool done_ = false;
};

// A coroutine that waits for a task (without consuming it) and then sets an
// event; sync_wait blocks on the event and then destroys the frame.
class sync_wait_driver {
 public:
  class promise_type : public frame_allocated<promise_type> {
   public:
    template <class Task>
    promise_type(Task&, completion_event& event) noexcept : event_(event) {}

    sync_wait_driver get_return_object() noexcept {
      return sync_wait_driver(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_never initial_suspend() const noexcept { return {}; }
    struct final_awaiter {
      [[nodiscard]] bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> self) noexcept {
        self.promise().event_.set();
      }
      void await_resume() const noexcept {}
    };
    [[nodiscard]] final_awaiter final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    // Registering the awaiter can throw task_misuse_error (a second awaiter).
    void unhandled_exception() noexcept { error_ = std::current_exception(); }

    [[nodiscard]] std::exception_ptr error() const noexcept { return error_; }

   private:
    completion_event& event_;
    std::exception_ptr error_;
  };

  sync_wait_driver(const sync_wait_driver&) = delete;
  sync_wait_driver& operator=(const sync_wait_driver&) = delete;
  ~sync_wait_driver() { frame_.destroy(); }

  [[nodiscard]] std::exception_ptr error() const noexcept { return frame_.promise().error(); }

 private:
  explicit sync_wait_driver(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}
  std::coroutine_handle<promise_type> frame_;
};

template <class T>
sync_wait_driver wait_for_completion(value_task<T>& task, completion_event&) {
  co_await completion_awaiter<T>(task);
}

}  // namespace detail

template <class T>
T sync_wait(value_task<T>&& task VALUETASK_CONSUMED_PARAMETER) {
  value_task<T> owned = detail::task_access::take(task, "sync_wait");
  if (!owned.is_completed()) {
    detail::completion_event completed;
    const detail::sync_wait_driver driver = detail::wait_for_completion(owned, completed);
    completed.wait();
    if (std::exception_ptr error = driver.error()) std::rethrow_exception(error);
  }
  return detail::task_access::take_result(owned);
}

// An lvalue argument is a compile-time error that names the fix.
template <class T>
T sync_wait(const value_task<T>&) {
  static_assert(detail::always_false<T>,
                "sync_wait consumes the value_task: write sync_wait(std::move(t))");
  std::terminate();
}

}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
