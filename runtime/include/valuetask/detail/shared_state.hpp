// The state behind a pending shared_task: the frame of a driver coroutine
// that awaits the original task, keeps its outcome and wakes every waiter.
// shared_frame<T> is a counted reference to that frame.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <utility>

#include "valuetask/detail/promise.hpp"
#include "valuetask/detail/result_cell.hpp"

namespace valuetask::detail {

// A suspended consumer of a shared_task; lives in the consumer's awaiter.
struct shared_waiter {
  std::coroutine_handle<> continuation;
  shared_waiter* next = nullptr;
};

template <class T>
class shared_promise;

template <class T>
class shared_frame {
 public:
  using promise_type = shared_promise<T>;

  shared_frame(const shared_frame& other) noexcept : frame_(other.frame_) {
    frame_.promise().add_reference();
  }
  shared_frame& operator=(const shared_frame& other) noexcept {
    shared_frame copy(other);
    std::swap(frame_, copy.frame_);
    return *this;
  }
  ~shared_frame() { frame_.promise().release(frame_); }

  [[nodiscard]] bool is_completed() const noexcept { return frame_.promise().is_completed(); }
  [[nodiscard]] bool try_register_waiter(shared_waiter& waiter) const noexcept {
    return frame_.promise().try_register_waiter(waiter);
  }
  // Precondition: is_completed().
  [[nodiscard]] const result_cell<T>& outcome() const noexcept { return frame_.promise().outcome(); }

 private:
  friend promise_type;
  explicit shared_frame(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}

  std::coroutine_handle<promise_type> frame_;
};

// References: one per shared_frame plus one held by the running body, so the
// frame outlives both the last shared_task and the body's final wake-up.
// waiters_: nullptr (running, nobody waits), a list of shared_waiter pushed by
// consumers, or completed_tag once the outcome is stored. The body's exchange
// to completed_tag (acq_rel) publishes the outcome and takes the list.
template <class T>
class shared_promise : public frame_allocated {
 public:
  shared_frame<T> get_return_object() noexcept {
    return shared_frame<T>(std::coroutine_handle<shared_promise>::from_promise(*this));
  }
  std::suspend_never initial_suspend() const noexcept { return {}; }

  struct final_awaiter {
    [[nodiscard]] bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<shared_promise> self) noexcept {
      shared_promise& promise = self.promise();
      void* waiters = promise.waiters_.exchange(completed_tag(), std::memory_order_acq_rel);
      for (auto* waiter = static_cast<shared_waiter*>(waiters); waiter != nullptr;) {
        shared_waiter* const next = waiter->next;  // resuming may end the waiter's frame
        waiter->continuation.resume();
        waiter = next;
      }
      promise.release(self);
    }
    void await_resume() const noexcept {}
  };
  [[nodiscard]] final_awaiter final_suspend() const noexcept { return {}; }

  void return_value(result_cell<T> outcome) noexcept { outcome_ = std::move(outcome); }
  void unhandled_exception() noexcept { outcome_.set_exception(std::current_exception()); }

  [[nodiscard]] bool is_completed() const noexcept {
    return waiters_.load(std::memory_order_acquire) == completed_tag();
  }

  // False when the outcome is already stored: the consumer does not suspend.
  [[nodiscard]] bool try_register_waiter(shared_waiter& waiter) noexcept {
    void* head = waiters_.load(std::memory_order_acquire);
    do {
      if (head == completed_tag()) return false;
      waiter.next = static_cast<shared_waiter*>(head);
    } while (!waiters_.compare_exchange_weak(head, &waiter, std::memory_order_release,
                                             std::memory_order_acquire));
    return true;
  }

  [[nodiscard]] const result_cell<T>& outcome() const noexcept { return outcome_; }

  void add_reference() noexcept { references_.fetch_add(1, std::memory_order_relaxed); }
  void release(std::coroutine_handle<shared_promise> self) noexcept {
    if (references_.fetch_sub(1, std::memory_order_acq_rel) == 1) self.destroy();
  }

 private:
  static void* completed_tag() noexcept { return &completed_tag_storage; }
  static inline char completed_tag_storage = 0;

  std::atomic<std::uint32_t> references_{2};  // the first shared_frame and the body
  std::atomic<void*> waiters_{nullptr};
  result_cell<T> outcome_;
};

}  // namespace valuetask::detail
