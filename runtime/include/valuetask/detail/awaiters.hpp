// How coroutines wait for a value_task, and the one door through which the
// rest of the runtime reaches a task's internals. value_task.hpp includes it
// once value_task is defined; it is not meant to be included on its own.
#pragma once

#include <coroutine>
#include <exception>
#include <utility>

namespace valuetask::detail {

struct task_access {
  template <class T>
  static value_task<T> take(value_task<T>& task, const char* operation) {
    return task.take(operation);
  }
  template <class T>
  static bool register_awaiter(value_task<T>& task, std::coroutine_handle<> awaiter) {
    return task.register_awaiter(awaiter);
  }
  template <class T>
  static T take_result(value_task<T>& task) {
    return task.take_result();
  }
  template <class T>
  static result_cell<T> settle(value_task<T>& task) {
    return task.settle();
  }
  template <class T>
  static value_task<T> from_exception(std::exception_ptr error) noexcept {
    return value_task<T>(typename value_task<T>::exception_tag{}, std::move(error));
  }
};

// `co_await std::move(t)`: owns the task for the duration of the await.
template <class T>
class task_awaiter {
 public:
  explicit task_awaiter(value_task<T>&& task) noexcept(noexcept(value_task<T>(std::move(task))))
      : task_(std::move(task)) {}

  [[nodiscard]] bool await_ready() const { return task_.is_completed(); }
  bool await_suspend(std::coroutine_handle<> awaiter) {
    return task_access::register_awaiter(task_, awaiter);
  }
  T await_resume() { return task_access::take_result(task_); }

 private:
  value_task<T> task_;
};

// Waits for a task to complete without consuming it, for the runtime's own
// driver coroutines (sync_wait, preserve, when_all), which then settle it.
template <class T>
class completion_awaiter {
 public:
  explicit completion_awaiter(value_task<T>& task) noexcept : task_(task) {}

  [[nodiscard]] bool await_ready() const { return task_.is_completed(); }
  bool await_suspend(std::coroutine_handle<> awaiter) {
    return task_access::register_awaiter(task_, awaiter);
  }
  void await_resume() const noexcept {}

 private:
  value_task<T>& task_;
};

}  // namespace valuetask::detail

namespace valuetask {

template <class T>
value_task<T> from_exception(std::exception_ptr error) noexcept {
  return detail::task_access::from_exception<T>(std::move(error));
}

}  // namespace valuetask
