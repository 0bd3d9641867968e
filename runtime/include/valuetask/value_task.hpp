// valuetask::value_task<T> — .NET's ValueTask<T> for C++20 coroutines.
//
// A value_task is one of:
//   ready       the value (or exception) is stored inline: no allocation;
//   coroutine   the frame of a value_task coroutine, started eagerly;
//   source      a value_task_source<T> plus the version of one operation;
//   empty       default-constructed, moved from, or consumed.
// It is consumed exactly once, from an rvalue: `co_await std::move(t)`,
// `std::move(t).result()`, `std::move(t).preserve()`, `sync_wait(std::move(t))`,
// `when_all(std::move(a), ...)`. Consuming it again, consuming a task whose
// source moved on, or taking the result of a pending task throws
// task_misuse_error, in every build. Observers (is_completed() ...) never consume.
//
// This header is the whole library: it also brings shared_task (preserve()),
// manual_reset_source (with cancellation), sync_wait, when_all and when_any.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

#include "valuetask/detail/config.hpp"
#include "valuetask/detail/promise.hpp"
#include "valuetask/detail/result_cell.hpp"
#include "valuetask/task_misuse_error.hpp"
#include "valuetask/value_task_source.hpp"

namespace valuetask {

template <class T>
class shared_task;

namespace detail {
template <class T>
class task_awaiter;
struct task_access;
template <class>
inline constexpr bool always_false = false;
}  // namespace detail

template <class T>
class [[nodiscard]] VALUETASK_CORO_AWAIT_ELIDABLE VALUETASK_CONSUMABLE value_task {
  static_assert(!std::is_reference_v<T> && !std::is_array_v<T>,
                "value_task<T>: T must be void or an object type (use a pointer or "
                "std::reference_wrapper for references)");
  static_assert(std::is_void_v<T> || std::is_move_constructible_v<T>,
                "value_task<T>: T must be move-constructible");

  using stored = detail::stored_t<T>;
  static constexpr bool nothrow_move = std::is_nothrow_move_constructible_v<stored>;

 public:
  using value_type = T;
  using promise_type = detail::task_promise<T>;

  // Empty, like a moved-from task: something to assign a task to later.
  // (The pointer member is set only so that no compiler suspects a read of
  // uninitialised storage: g++ 12 with sanitizers does.)
  VALUETASK_RETURNS_CONSUMED value_task() noexcept : source_(nullptr) {}

  // Already completed with `value`; no allocation (the cache-hit path).
  // For value_task<void>, pass valuetask::void_result{} or use from_result().
  explicit value_task(stored value) noexcept(nothrow_move)
      : state_(state::value) {
    std::construct_at(&value_, std::move(value));
  }

  // Operation `version` of `source` (.NET's ValueTask(IValueTaskSource, token)).
  value_task(value_task_source<T>& source, std::uint32_t version) noexcept
      : version_(version), state_(state::source) {
    source_ = &source;
  }

  value_task(value_task&& other) noexcept(nothrow_move) { take_storage_of(other); }

  value_task& operator=(value_task&& other) noexcept(nothrow_move) {
    if (this != &other) {
      release_storage();
      take_storage_of(other);
    }
    return *this;
  }

  value_task(const value_task&) = delete;  // not copyable: use std::move(t), or share it with std::move(t).preserve()
  value_task& operator=(const value_task&) = delete;  // not copyable: use std::move(t), or std::move(t).preserve()

  // A pending coroutine is detached, not destroyed: it runs to its end and
  // then frees its own frame.
  ~value_task() { release_storage(); }

  // ---- observers: never consume ---------------------------------------------

  // True when the result is available: awaiting it will not suspend. False
  // for an empty task. For a source task, asks the source (which throws
  // task_misuse_error when the task is stale).
  [[nodiscard]] bool is_completed() const {
    switch (state_) {
      case state::value:
      case state::exception:
        return true;
      case state::coroutine:
        return frame_.promise().is_completed();
      case state::source:
        return source_->status(version_) != source_status::pending;
      default:
        return false;
    }
  }

  [[nodiscard]] bool is_completed_successfully() const {
    switch (state_) {
      case state::value:
        return true;
      case state::coroutine:
        return frame_.promise().is_completed() && !frame_.promise().result().has_exception();
      case state::source:
        return source_->status(version_) == source_status::succeeded;
      default:
        return false;
    }
  }

  [[nodiscard]] bool is_faulted() const {
    switch (state_) {
      case state::exception:
        return true;
      case state::coroutine:
        return frame_.promise().is_completed() && frame_.promise().result().has_exception();
      case state::source:
        return source_->status(version_) == source_status::faulted;
      default:
        return false;
    }
  }

  // ---- consumers: rvalue only, exactly once ----------------------------------

  // co_await std::move(t): suspends only if the task is pending.
  VALUETASK_CONSUMES detail::task_awaiter<T> operator co_await() && {
    return detail::task_awaiter<T>(take("co_await"));
  }

  // The result of a completed task (value or rethrown exception). Throws
  // task_misuse_error, without consuming, when the task is still pending.
  VALUETASK_CONSUMES T result() && {
    check_consumable("result()");
    if (!is_completed()) detail::throw_misuse(misuse::result_of_pending, "result()");
    return take("result()").take_result();
  }

  // Turns the task into a shared_task that any number of consumers may await
  // (.NET's Preserve()). No allocation when the task is already completed
  // (and T is copyable).
  [[nodiscard]] VALUETASK_CONSUMES shared_task<T> preserve() && {
    return shared_task<T>(take("preserve()"));
  }

  // Lvalue consumption is a compile-time error that names the fix (these
  // overloads are never instantiated by correct code).
  template <class Self = value_task>
  detail::task_awaiter<T> operator co_await() const& {
    static_assert(detail::always_false<Self>,
                  "a value_task is consumed by awaiting it once: write co_await std::move(t)");
    std::terminate();
  }
  template <class Self = value_task>
  T result() const& {
    static_assert(detail::always_false<Self>,
                  "result() consumes the value_task: write std::move(t).result()");
    std::terminate();
  }
  template <class Self = value_task>
  shared_task<T> preserve() const& {
    static_assert(detail::always_false<Self>,
                  "preserve() consumes the value_task: write std::move(t).preserve()");
    std::terminate();
  }

 private:
  friend promise_type;
  friend struct detail::task_access;

  enum class state : std::uint8_t { empty, moved_from, consumed, value, exception, coroutine, source };

  using frame_handle = std::coroutine_handle<promise_type>;

  explicit value_task(frame_handle frame) noexcept : state_(state::coroutine) { frame_ = frame; }

  struct exception_tag {};
  value_task(exception_tag, std::exception_ptr error) noexcept : state_(state::exception) {
    std::construct_at(&exception_, std::move(error));
  }

  void check_consumable(const char* operation) const {
    switch (state_) {
      case state::empty:
        detail::throw_misuse(misuse::empty_task, operation);
      case state::moved_from:
        detail::throw_misuse(misuse::moved_from_task, operation);
      case state::consumed:
        detail::throw_misuse(misuse::consumed_twice, operation);
      default:
        return;
    }
  }

  // Moves the task out for one consumer and leaves this one consumed.
  value_task take(const char* operation) {
    check_consumable(operation);
    value_task taken(std::move(*this));
    state_ = state::consumed;
    return taken;
  }

  // Registers the awaiting coroutine with a pending task; false when the task
  // completed in the meantime (then the awaiter must not suspend).
  bool register_awaiter(std::coroutine_handle<> awaiter) {
    if (state_ == state::coroutine) return frame_.promise().try_register_awaiter(awaiter);
    return source_->on_completed(awaiter, version_);
  }

  // Precondition: is_completed(). Returns the value or rethrows, and leaves
  // the task consumed (a finished frame is freed on the way).
  T take_result() {
    struct consume_on_exit {
      value_task& task;
      ~consume_on_exit() {
        task.release_storage();
        task.state_ = state::consumed;
      }
    } guard{*this};
    switch (state_) {
      case state::exception:
        std::rethrow_exception(exception_);
      case state::coroutine:
        return frame_.promise().result().take();
      case state::source:
        return source_->result(version_);
      default:
        if constexpr (std::is_void_v<T>) {
          return;
        } else {
          return std::move(value_);
        }
    }
  }

  // take_result() that captures an exception instead of throwing it.
  detail::result_cell<T> settle() {
    detail::result_cell<T> outcome;
    try {
      if constexpr (std::is_void_v<T>) {
        take_result();
        outcome.set_value();
      } else {
        outcome.set_value(take_result());
      }
    } catch (...) {
      outcome.set_exception(std::current_exception());
    }
    return outcome;
  }

  void take_storage_of(value_task& other) noexcept(nothrow_move) {
    switch (other.state_) {
      case state::value:
        std::construct_at(&value_, std::move(other.value_));
        std::destroy_at(&other.value_);
        break;
      case state::exception:
        std::construct_at(&exception_, std::move(other.exception_));
        std::destroy_at(&other.exception_);
        break;
      case state::coroutine:
        frame_ = other.frame_;
        break;
      case state::source:
        source_ = other.source_;
        break;
      default:
        break;
    }
    version_ = other.version_;
    state_ = std::exchange(other.state_, state::moved_from);
  }

  // Leaves the task empty (callers that consume it then mark it consumed).
  void release_storage() noexcept {
    switch (state_) {
      case state::value:
        std::destroy_at(&value_);
        break;
      case state::exception:
        std::destroy_at(&exception_);
        break;
      case state::coroutine:
        frame_.promise().detach(frame_);  // frees a finished frame, detaches a running one
        break;
      default:
        break;
    }
    state_ = state::empty;
  }

  union {
    stored value_;
    std::exception_ptr exception_;
    frame_handle frame_;
    value_task_source<T>* source_;
  };
  std::uint32_t version_ = 0;
  state state_ = state::empty;
};

static_assert(sizeof(value_task<int>) == 2 * sizeof(void*),
              "value_task<int> is two machine words: see docs/runtime.md");

// A completed task holding `value` (no allocation).
template <class T>
[[nodiscard]] value_task<std::decay_t<T>> from_result(T&& value) {
  return value_task<std::decay_t<T>>(std::forward<T>(value));
}

// A completed value_task<void>.
[[nodiscard]] inline value_task<void> from_result() noexcept {
  return value_task<void>(void_result{});
}

// A completed task holding `error` (no allocation).
template <class T>
[[nodiscard]] value_task<T> from_exception(std::exception_ptr error) noexcept;

}  // namespace valuetask

#include "valuetask/detail/awaiters.hpp"
#include "valuetask/shared_task.hpp"
#include "valuetask/manual_reset_source.hpp"
#include "valuetask/sync_wait.hpp"
#include "valuetask/when_all.hpp"
#include "valuetask/when_any.hpp"
