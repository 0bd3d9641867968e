// The promise of a value_task coroutine, and the hand-off between the
// coroutine and the one value_task that owns it.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <utility>

#include "valuetask/detail/frame_allocator.hpp"
#include "valuetask/detail/result_cell.hpp"

namespace valuetask {
template <class T>
class value_task;
}

namespace valuetask::detail {

// Every promise of the runtime takes its frame from the recycling allocator.
struct frame_allocated {
  static void* operator new(std::size_t size) { return frame_allocator::allocate(size); }
  static void operator delete(void* frame, std::size_t size) noexcept {
    frame_allocator::deallocate(frame, size);
  }
};

// Who may touch the frame, decided by one atomic word, `slot_`:
//   nullptr          the body runs (or waits); nobody waits for it yet;
//   an address       the awaiting coroutine: the body resumes it at the end;
//   completed_tag    the body finished, the result is in the promise: the
//                    owning value_task takes it and destroys the frame;
//   detached_tag     the owner dropped the task: the body destroys its own
//                    frame when it finishes.
// Each party swaps its own mark in and acts on the mark it swapped out, so
// the last of the two to arrive always knows what to do. The exchanges are
// acq_rel: they publish the result (body → owner) and the awaiter's frame
// (owner → body).
class promise_base : public frame_allocated {
 public:
  // Eager start, as .NET async methods: the body runs in the call until its
  // first real suspension.
  std::suspend_never initial_suspend() const noexcept { return {}; }

  struct final_awaiter {
    [[nodiscard]] bool await_ready() const noexcept { return false; }

    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      promise_base& promise = self.promise();
      void* const previous = promise.slot_.exchange(completed_tag(), std::memory_order_acq_rel);
      if (previous == nullptr) return std::noop_coroutine();  // the owner collects later
      if (previous == detached_tag()) {
        self.destroy();
        return std::noop_coroutine();
      }
      // Symmetric transfer: the awaiter runs in place of this frame, so long
      // chains of completions do not grow the stack.
      return std::coroutine_handle<>::from_address(previous);
    }

    void await_resume() const noexcept {}
  };

  [[nodiscard]] final_awaiter final_suspend() const noexcept { return {}; }

  [[nodiscard]] bool is_completed() const noexcept {
    return slot_.load(std::memory_order_acquire) == completed_tag();
  }

  // Registers the awaiter. False when the body finished first: the awaiter
  // then continues without suspending (the acquire makes the result visible).
  [[nodiscard]] bool try_register_awaiter(std::coroutine_handle<> awaiter) noexcept {
    void* expected = nullptr;
    return slot_.compare_exchange_strong(expected, awaiter.address(), std::memory_order_acq_rel,
                                         std::memory_order_acquire);
  }

  // The owner lets go without consuming: whoever comes second frees the frame.
  // An awaiter registered earlier (its frame is being destroyed) is forgotten.
  void detach(std::coroutine_handle<> self) noexcept {
    if (slot_.exchange(detached_tag(), std::memory_order_acq_rel) == completed_tag()) {
      self.destroy();
    }
  }

 private:
  static void* completed_tag() noexcept { return &completed_tag_storage; }
  static void* detached_tag() noexcept { return &detached_tag_storage; }
  static inline char completed_tag_storage = 0;
  static inline char detached_tag_storage = 0;

  std::atomic<void*> slot_{nullptr};
};

// co_return: return_value or return_void, never both on one promise.
template <class T>
class promise_result {
 public:
  template <class U = T>
  void return_value(U&& value) {
    result_.set_value(std::forward<U>(value));
  }

 protected:
  result_cell<T> result_;
};

template <>
class promise_result<void> {
 public:
  void return_void() noexcept { result_.set_value(); }

 protected:
  result_cell<void> result_;
};

template <class T>
class task_promise final : public promise_base, public promise_result<T> {
 public:
  // Returns the task type itself: a different type here triggers a double
  // destruction in clang 22 (llvm/llvm-project#193412).
  value_task<T> get_return_object() noexcept {
    return value_task<T>(std::coroutine_handle<task_promise>::from_promise(*this));
  }

  void unhandled_exception() noexcept { this->result_.set_exception(std::current_exception()); }

  // Read by the owner after is_completed() returned true.
  [[nodiscard]] result_cell<T>& result() noexcept { return this->result_; }
};

}  // namespace valuetask::detail
