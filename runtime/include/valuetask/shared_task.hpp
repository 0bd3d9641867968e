// shared_task<T>: the result of std::move(t).preserve() — a copyable task
// that any number of consumers may await (.NET's ValueTask.Preserve()).
//
// All copies share one outcome, kept in one recycled block: copying a
// shared_task copies a pointer (never T), and the reference that
// `co_await shared` or result() yields stays valid while any copy lives.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <coroutine>
#include <exception>
#include <utility>

#include "valuetask/core.hpp"
#include "valuetask/detail/shared_state.hpp"

namespace valuetask {

namespace detail {

template <class T>
struct shared_result {
  using type = const T&;
};
template <>
struct shared_result<void> {
  using type = void;
};

// Waits for the original task (not at all when it is ready), then takes its
// outcome into the shared state.
template <class T>
shared_frame<T> run_shared(value_task<T> task) {
  co_await completion_awaiter<T>(task);
  co_return std::move(task);
}

template <class T>
class shared_awaiter;

}  // namespace detail

template <class T>
class shared_task {
 public:
  // const T&, or void.
  using result_type = typename detail::shared_result<T>::type;

  // Empty: awaiting it is a misuse.
  shared_task() noexcept = default;

  [[nodiscard]] bool is_completed() const noexcept { return status() != source_status::pending; }
  [[nodiscard]] bool is_completed_successfully() const noexcept {
    return status() == source_status::succeeded;
  }
  [[nodiscard]] bool is_faulted() const noexcept { return status() == source_status::faulted; }

  // Awaitable any number of times, from any number of coroutines; yields a
  // reference to the shared value (or rethrows the shared exception).
  [[nodiscard]] detail::shared_awaiter<T> operator co_await() const& {
    if (!state_) detail::throw_misuse(misuse::empty_task, "co_await");
    return detail::shared_awaiter<T>(*this);
  }

  // The shared result of a completed task; throws task_misuse_error when pending.
  result_type result() const {
    if (!state_) detail::throw_misuse(misuse::empty_task, "result()");
    if (!state_.state().is_completed()) detail::throw_misuse(misuse::result_of_pending, "result()");
    return static_cast<result_type>(state_.state().outcome().get());
  }

 private:
  friend class value_task<T>;
  friend class detail::shared_awaiter<T>;

  // A stale source task is reported here, by preserve(), not later by an await.
  explicit shared_task(value_task<T>&& task) : state_(run_checked(std::move(task))) {}

  static detail::shared_frame<T> run_checked(value_task<T>&& task) {
    static_cast<void>(task.is_completed());
    return detail::run_shared(std::move(task));
  }

  // Where the shared task stands: the one question behind every observer.
  [[nodiscard]] source_status status() const noexcept {
    if (!state_ || !state_.state().is_completed()) return source_status::pending;
    return state_.state().outcome().has_exception() ? source_status::faulted
                                                    : source_status::succeeded;
  }

  detail::shared_frame<T> state_;
};

namespace detail {

template <class T>
class shared_awaiter {
 public:
  explicit shared_awaiter(const shared_task<T>& task) noexcept : task_(task) {}

  [[nodiscard]] bool await_ready() const noexcept { return task_.state_.state().is_completed(); }
  bool await_suspend(std::coroutine_handle<> awaiter) noexcept {
    waiter_.continuation = awaiter;
    return task_.state_.state().try_register_waiter(waiter_);
  }
  typename shared_task<T>::result_type await_resume() const { return task_.result(); }

 private:
  const shared_task<T>& task_;
  shared_waiter waiter_;
};

}  // namespace detail
}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
