// valuetask::value_task<T> itself — .NET's ValueTask<T> for C++20 coroutines —
// with from_result, from_exception and the source interface. The rest of the
// library (shared_task, sources, sync_wait, when_all) builds on this header;
// <valuetask/value_task.hpp> brings all of it.
//
// A value_task is one of:
//   ready       the value (or exception) is stored inline: no allocation;
//   coroutine   the frame of a value_task coroutine, started eagerly;
//   source      a value_task_source<T> plus the version of one operation;
//   empty       default-constructed, moved from, or consumed.
// A coroutine that completes without suspending hands back a *ready* task:
// its frame is already freed when the call returns.
// It is consumed exactly once, from an rvalue: `co_await std::move(t)`,
// `std::move(t).result()`, `std::move(t).preserve()`, `sync_wait(std::move(t))`,
// `when_all(std::move(a), ...)`. Consuming it again, consuming a task whose
// source moved on, or taking the result of a pending task throws
// task_misuse_error, in every build. Observers (is_completed() ...) never consume.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

#include "valuetask/detail/promise.hpp"
#include "valuetask/detail/result_cell.hpp"
#include "valuetask/task_misuse_error.hpp"
#include "valuetask/value_task_source.hpp"

namespace valuetask {

template <class T>
class shared_task;

namespace detail {
template <class T>
class task_wait;
template <class T>
class task_awaiter;
struct task_access;
template <class>
inline constexpr bool always_false = false;
}  // namespace detail

template <class T>
class [[nodiscard]] VALUETASK_CONSUMABLE value_task {
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
  explicit value_task(stored value) noexcept(nothrow_move) : state_(state::value) {
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
  [[nodiscard]] VALUETASK_INLINE bool is_completed() const {
    if (state_ == state::value || state_ == state::exception) return true;
    return status() != source_status::pending;
  }
  [[nodiscard]] bool is_completed_successfully() const {
    return status() == source_status::succeeded;
  }
  [[nodiscard]] bool is_faulted() const { return status() == source_status::faulted; }

  // ---- consumers: rvalue only, exactly once ----------------------------------

  // co_await std::move(t): suspends only if the task is pending.
  VALUETASK_CONSUMES VALUETASK_INLINE detail::task_awaiter<T> operator co_await() && {
    check_consumable("co_await");
    return detail::task_awaiter<T>(*this);
  }

  // The result of a completed task (value or rethrown exception). Throws
  // task_misuse_error, without consuming, when the task is still pending.
  VALUETASK_CONSUMES T result() && {
    check_consumable("result()");
    if (!is_completed()) detail::throw_misuse(misuse::result_of_pending, "result()");
    return take_result();
  }

  // Turns the task into a shared_task that any number of consumers may await
  // (.NET's Preserve()). Costs one recycled block (see docs/runtime.md).
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
  friend class detail::task_wait<T>;
  friend class detail::task_awaiter<T>;

  enum class state : std::uint8_t { empty, moved_from, consumed, value, exception, coroutine, source };

  using frame_handle = std::coroutine_handle<promise_type>;

  // The task a coroutine call returns; the frame knows it until it escapes.
  explicit value_task(frame_handle frame) noexcept : state_(state::coroutine) {
    frame_ = frame;
    frame.promise().set_owner(this);
  }

  struct exception_tag {};
  value_task(exception_tag, std::exception_ptr error) : state_(state::exception) {
    if (error == nullptr) detail::throw_misuse(misuse::null_exception, "from_exception()");
    std::construct_at(&exception_, std::move(error));
  }

  // Where the task stands: the one question behind every observer.
  [[nodiscard]] source_status status() const {
    switch (state_) {
      case state::value:
        return source_status::succeeded;
      case state::exception:
        return source_status::faulted;
      case state::coroutine:
        if (!frame_.promise().is_completed()) return source_status::pending;
        return frame_.promise().result().has_exception() ? source_status::faulted
                                                         : source_status::succeeded;
      case state::source:
        return source_->status(version_);
      default:
        return source_status::pending;
    }
  }

  VALUETASK_INLINE void check_consumable(const char* operation) const {
    if (VALUETASK_LIKELY(state_ > state::consumed)) return;
    report_unconsumable(operation);
  }

  [[noreturn]] void report_unconsumable(const char* operation) const {
    switch (state_) {
      case state::empty:
        detail::throw_misuse(misuse::empty_task, operation);
      case state::moved_from:
        detail::throw_misuse(misuse::moved_from_task, operation);
      default:
        detail::throw_misuse(misuse::consumed_twice, operation);
    }
  }

  // Moves the task out for one consumer and leaves this one consumed.
  value_task take(const char* operation) {
    check_consumable(operation);
    value_task taken(std::move(*this));
    state_ = state::consumed;
    return taken;
  }

  // Called by the frame of a coroutine that completed before it escaped:
  // the outcome moves in, and the frame frees itself right after.
  void adopt_outcome(detail::result_cell<T>& outcome) noexcept {
    if (outcome.has_exception()) {
      std::construct_at(&exception_, outcome.exception());
      state_ = state::exception;
    } else {
      std::construct_at(&value_, std::move(outcome.value()));
      state_ = state::value;
    }
  }

  // Registers the awaiting coroutine with a pending task; false when the task
  // completed in the meantime (then the awaiter must not suspend).
  bool register_awaiter(std::coroutine_handle<> awaiter) {
    if (state_ == state::coroutine) return frame_.promise().try_register_awaiter(awaiter);
    return source_->on_completed(awaiter, version_);
  }

  // Precondition: is_completed(). Returns the value or rethrows, and leaves
  // the task consumed. The ready value is taken inline; a finished frame is
  // freed directly (whoever saw it completed owns it).
  VALUETASK_INLINE T take_result() {
    if (VALUETASK_LIKELY(state_ == state::value)) {
      struct consume_value {
        value_task& task;
        ~consume_value() {
          std::destroy_at(&task.value_);
          task.state_ = state::consumed;
        }
      } guard{*this};
      if constexpr (std::is_void_v<T>) {
        return;
      } else {
        return std::move(value_);
      }
    }
    return take_pending_result();
  }

  T take_pending_result() {
    struct consume_on_exit {
      value_task& task;
      ~consume_on_exit() {
        task.release_completed_storage();
        task.state_ = state::consumed;
      }
    } guard{*this};
    switch (state_) {
      case state::exception:
        std::rethrow_exception(exception_);
      case state::coroutine:
        return frame_.promise().result().take();
      default:
        return source_->result(version_);
    }
  }

  // take_result() that captures an exception instead of throwing it.
  detail::result_cell<T> settle() {
    detail::result_cell<T> outcome;
    VALUETASK_TRY {
      if constexpr (std::is_void_v<T>) {
        take_result();
        outcome.set_value();
      } else {
        outcome.set_value(take_result());
      }
    }
    VALUETASK_CATCH_ALL { outcome.set_exception(std::current_exception()); }
    return outcome;
  }

  VALUETASK_INLINE void take_storage_of(value_task& other) noexcept(nothrow_move) {
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
        frame_.promise().move_owner(&other, this);
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

  // After completion was observed: nobody else touches the frame any more.
  void release_completed_storage() noexcept {
    if (state_ == state::coroutine) {
      frame_.destroy();
      state_ = state::empty;
      return;
    }
    release_storage();
  }

  // Leaves the task empty (callers that consume it then mark it consumed).
  VALUETASK_INLINE void release_storage() noexcept {
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

static_assert(sizeof(value_task<int>) <= 3 * sizeof(void*),
              "value_task<int> is at most three machine words: see docs/runtime.md");

// A completed task holding `value` (no allocation).
template <class T>
[[nodiscard]] value_task<std::decay_t<T>> from_result(T&& value) {
  return value_task<std::decay_t<T>>(std::forward<T>(value));
}

// A completed value_task<void>.
[[nodiscard]] inline value_task<void> from_result() noexcept {
  return value_task<void>(void_result{});
}

// A completed task holding `error` (no allocation). A null `error` throws
// task_misuse_error (misuse::null_exception): a failed task needs an exception.
template <class T>
[[nodiscard]] value_task<T> from_exception(std::exception_ptr error);

namespace detail {

// The one door through which the rest of the runtime reaches a task's internals.
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
  static value_task<T> from_exception(std::exception_ptr error) {
    return value_task<T>(typename value_task<T>::exception_tag{}, std::move(error));
  }
};

// The one way a coroutine waits for a value_task: ready when it completed,
// otherwise registered as its single awaiter.
template <class T>
class task_wait {
 public:
  explicit task_wait(value_task<T>& task) noexcept : task_(&task) {}
  task_wait(const task_wait&) = delete;
  task_wait& operator=(const task_wait&) = delete;

  [[nodiscard]] VALUETASK_INLINE bool await_ready() const { return task_->is_completed(); }
  bool await_suspend(std::coroutine_handle<> awaiter) { return task_->register_awaiter(awaiter); }

 protected:
  value_task<T>* task_;
};

// `co_await std::move(t)`. A completed task is consumed in place, with no
// copy. A pending one moves into the awaiter before the awaiting coroutine
// suspends, so that the awaiter owns it for as long as it waits (and a
// destroyed awaiting coroutine detaches it).
template <class T>
class task_awaiter : public task_wait<T> {
 public:
  explicit task_awaiter(value_task<T>& task) noexcept : task_wait<T>(task) {}

  bool await_suspend(std::coroutine_handle<> awaiter) {
    owned_ = task_access::take(*this->task_, "co_await");
    this->task_ = &owned_;
    return task_wait<T>::await_suspend(awaiter);
  }
  VALUETASK_INLINE T await_resume() { return this->task_->take_result(); }

 private:
  value_task<T> owned_;
};

// Waits for a task to complete without consuming it, for the runtime's own
// driver coroutines (sync_wait, preserve, when_all), which then settle it.
template <class T>
class completion_awaiter : public task_wait<T> {
 public:
  explicit completion_awaiter(value_task<T>& task) noexcept : task_wait<T>(task) {}
  void await_resume() const noexcept {}
};

}  // namespace detail

template <class T>
value_task<T> from_exception(std::exception_ptr error) {
  return detail::task_access::from_exception<T>(std::move(error));
}

}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
