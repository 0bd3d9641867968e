// The state behind a shared_task: the frame of a driver coroutine that awaits
// the original task, keeps its outcome and wakes every waiter. Every
// shared_task refers to one — a ready task's too — so all copies share one
// outcome, and copying a shared_task copies a pointer, never T.
// shared_frame<T> is a counted reference to that frame.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <utility>

#include "valuetask/core.hpp"
#include "valuetask/detail/completion_slot.hpp"
#include "valuetask/detail/frame_allocator.hpp"
#include "valuetask/detail/result_cell.hpp"
#include "valuetask/detail/resumption.hpp"

namespace valuetask::detail {

template <class T>
class shared_promise;

template <class T>
class shared_frame {
 public:
  using promise_type = shared_promise<T>;

  shared_frame() noexcept = default;
  shared_frame(const shared_frame& other) noexcept : frame_(other.frame_) {
    if (frame_) frame_.promise().add_reference();
  }
  shared_frame(shared_frame&& other) noexcept : frame_(std::exchange(other.frame_, {})) {}
  shared_frame& operator=(shared_frame other) noexcept {
    std::swap(frame_, other.frame_);
    return *this;
  }
  ~shared_frame() {
    if (frame_) frame_.promise().release(frame_);
  }

  [[nodiscard]] explicit operator bool() const noexcept { return static_cast<bool>(frame_); }
  [[nodiscard]] shared_promise<T>& state() const noexcept { return frame_.promise(); }

 private:
  friend promise_type;
  explicit shared_frame(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}

  std::coroutine_handle<promise_type> frame_;
};

// References: one per shared_frame plus one held by the running body, so the
// frame outlives both the last shared_task and the body's final wake-up.
// The completion_slot holds the list of waiting consumers.
template <class T>
class shared_promise : public frame_allocated<shared_promise<T>> {
 public:
  shared_frame<T> get_return_object() noexcept {
    return shared_frame<T>(std::coroutine_handle<shared_promise>::from_promise(*this));
  }
  std::suspend_never initial_suspend() const noexcept { return {}; }

  struct final_awaiter {
    [[nodiscard]] bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<shared_promise> self) noexcept {
      shared_promise& promise = self.promise();
      auto* waiter = static_cast<shared_waiter*>(promise.slot_.complete());
      // Every waiter but the last is resumed here; the last one runs in
      // place of this frame, so a chain of shared tasks awaiting each other
      // does not grow the stack.
      shared_waiter* last = nullptr;
      while (waiter != nullptr) {
        shared_waiter* const next = waiter->next;  // resuming may end the waiter's frame
        if (next == nullptr) {
          last = waiter;
          break;
        }
        resume_loop(waiter->continuation);
        waiter = next;
      }
      const std::coroutine_handle<> continuation =
          last != nullptr ? last->continuation : std::coroutine_handle<>(std::noop_coroutine());
      promise.release(self);  // may free this frame: the waiters hold references of their own
      if (last == nullptr) return std::noop_coroutine();
      return continue_with(self, continuation);
    }
    void await_resume() const noexcept {}
  };
  [[nodiscard]] final_awaiter final_suspend() const noexcept { return {}; }

  // The driver's co_return: takes the original task's outcome. A T whose
  // move throws leaves that exception as the shared outcome.
  void return_value(value_task<T>&& task) noexcept {
    VALUETASK_TRY {
      if constexpr (std::is_void_v<T>) {
        task_access::take_result(task);
        outcome_.set_value();
      } else {
        outcome_.set_value(task_access::take_result(task));
      }
    }
    VALUETASK_CATCH_ALL {
      outcome_.clear();
      outcome_.set_exception(std::current_exception());
    }
  }
  void unhandled_exception() noexcept {
    outcome_.clear();
    outcome_.set_exception(std::current_exception());
  }

  [[nodiscard]] bool is_completed() const noexcept { return slot_.is_completed(); }

  // False when the outcome is already stored: the consumer does not suspend.
  [[nodiscard]] bool try_register_waiter(shared_waiter& waiter) noexcept {
    return slot_.register_shared(waiter);
  }

  // Precondition: is_completed().
  [[nodiscard]] const result_cell<T>& outcome() const noexcept { return outcome_; }

  void add_reference() noexcept { references_.fetch_add(1, std::memory_order_relaxed); }
  void release(std::coroutine_handle<shared_promise> self) noexcept {
    if (references_.fetch_sub(1, std::memory_order_acq_rel) == 1) self.destroy();
  }

 private:
  std::atomic<std::uint32_t> references_{2};  // the first shared_frame and the body
  completion_slot slot_;
  result_cell<T> outcome_;
};

}  // namespace valuetask::detail

#endif  // VALUETASK_SUPPORTED_LANGUAGE
