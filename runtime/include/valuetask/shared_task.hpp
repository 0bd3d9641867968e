// shared_task<T>: the result of std::move(t).preserve() — a copyable task
// that any number of consumers may await (.NET's ValueTask.Preserve()).
// Include <valuetask/value_task.hpp>, which includes this header.
#pragma once

#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

#include "valuetask/detail/shared_state.hpp"
#include "valuetask/value_task.hpp"

namespace valuetask {

namespace detail {

// Never constructed: stands in for an inline value when T cannot be copied
// (such a result lives in the shared frame instead).
struct not_stored {};

template <class T>
struct shared_result {
  using type = const T&;
};
template <>
struct shared_result<void> {
  using type = void;
};

template <class T>
shared_frame<T> run_shared(value_task<T> task) {
  co_await completion_awaiter<T>(task);
  co_return task_access::settle(task);
}

template <class T>
class shared_awaiter;

}  // namespace detail

template <class T>
class shared_task {
  using stored = detail::stored_t<T>;
  using inline_value =
      std::conditional_t<std::is_copy_constructible_v<stored>, stored, detail::not_stored>;

 public:
  // const T&, or void.
  using result_type = typename detail::shared_result<T>::type;

  // Empty: awaiting it is a misuse.
  shared_task() noexcept = default;

  [[nodiscard]] bool is_completed() const noexcept {
    if (const auto* frame = std::get_if<frame_index>(&state_)) return frame->is_completed();
    return state_.index() != empty_index;
  }
  [[nodiscard]] bool is_completed_successfully() const noexcept {
    if (const auto* frame = std::get_if<frame_index>(&state_)) {
      return frame->is_completed() && !frame->outcome().has_exception();
    }
    return state_.index() == value_index;
  }
  [[nodiscard]] bool is_faulted() const noexcept {
    if (const auto* frame = std::get_if<frame_index>(&state_)) {
      return frame->is_completed() && frame->outcome().has_exception();
    }
    return state_.index() == exception_index;
  }

  // Awaitable any number of times, from any number of coroutines; yields a
  // reference to the shared value (or rethrows the shared exception).
  [[nodiscard]] detail::shared_awaiter<T> operator co_await() const& {
    if (state_.index() == empty_index) detail::throw_misuse(misuse::empty_task, "co_await");
    return detail::shared_awaiter<T>(*this);
  }

  // The shared result of a completed task; throws task_misuse_error when pending.
  result_type result() const {
    if (const auto* frame = std::get_if<frame_index>(&state_)) {
      if (!frame->is_completed()) detail::throw_misuse(misuse::result_of_pending, "result()");
      return static_cast<result_type>(frame->outcome().get());
    }
    if (const auto* error = std::get_if<exception_index>(&state_)) std::rethrow_exception(*error);
    if constexpr (std::is_copy_constructible_v<stored>) {
      if (const auto* value = std::get_if<value_index>(&state_)) {
        return static_cast<result_type>(*value);
      }
    }
    detail::throw_misuse(misuse::empty_task, "result()");
  }

 private:
  friend class value_task<T>;
  friend class detail::shared_awaiter<T>;

  static constexpr std::size_t empty_index = 0, value_index = 1, exception_index = 2,
                               frame_index = 3;

  // A completed task is kept inline (no allocation) when its outcome can be
  // copied; otherwise a driver frame awaits it and holds the outcome.
  explicit shared_task(value_task<T>&& task) {
    if (task.is_completed()) {
      detail::result_cell<T> outcome = detail::task_access::settle(task);
      if (outcome.has_exception()) {
        state_.template emplace<exception_index>(outcome.exception());
        return;
      }
      if constexpr (std::is_copy_constructible_v<stored>) {
        state_.template emplace<value_index>(outcome.take_stored());
        return;
      } else {
        task = value_task<T>(outcome.take_stored());
      }
    }
    state_.template emplace<frame_index>(detail::run_shared(std::move(task)));
  }

  std::variant<std::monostate, inline_value, std::exception_ptr, detail::shared_frame<T>> state_;
};

namespace detail {

template <class T>
class shared_awaiter {
 public:
  explicit shared_awaiter(const shared_task<T>& task) noexcept : task_(task) {}

  [[nodiscard]] bool await_ready() const noexcept { return task_.is_completed(); }
  bool await_suspend(std::coroutine_handle<> awaiter) noexcept {
    waiter_.continuation = awaiter;
    return std::get<shared_task<T>::frame_index>(task_.state_).try_register_waiter(waiter_);
  }
  typename shared_task<T>::result_type await_resume() const { return task_.result(); }

 private:
  const shared_task<T>& task_;
  shared_waiter waiter_;
};

}  // namespace detail
}  // namespace valuetask
