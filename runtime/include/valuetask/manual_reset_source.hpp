// manual_reset_source<T>: a reusable asynchronous operation, .NET's
// ManualResetValueTaskSourceCore<T> as a ready-made value_task_source<T>.
// Include <valuetask/value_task.hpp>, which includes this header.
//
//   manual_reset_source<int> source;     // owned by the operation's object
//   value_task<int> start() { source.reset(); begin_io(); return source.task(); }
//   void on_io_done(int n) { source.set_result(n); }   // resumes the awaiter
//
// Each operation costs no allocation. A task obtained before reset() is stale:
// using it throws task_misuse_error. The version is 32 bits and wraps after
// 2^32 operations.
//
// Cancellation: cancel_on(token) after reset() makes a stop request complete
// the operation with operation_cancelled; the first completion wins (see the
// cancellation block below).
#pragma once

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <optional>
#include <stop_token>
#include <utility>

#include "valuetask/cancellation.hpp"

#include "valuetask/detail/source_core.hpp"
#include "valuetask/value_task.hpp"
#include "valuetask/value_task_source.hpp"

namespace valuetask {

template <class T>
class manual_reset_source final : public value_task_source<T> {
 public:
  // Continuations run inline, on the thread that calls set_result/set_exception.
  manual_reset_source() = default;
  // Continuations are handed to `continuation_executor`, which must outlive the source.
  explicit manual_reset_source(executor& continuation_executor) noexcept
      : core_(continuation_executor) {}

  // Tasks point at the source: it stays where it is.
  manual_reset_source(const manual_reset_source&) = delete;
  manual_reset_source& operator=(const manual_reset_source&) = delete;
  ~manual_reset_source() = default;

  [[nodiscard]] std::uint32_t version() const noexcept { return core_.version(); }

  // Starts the next operation: bumps the version (tasks of the previous one
  // become stale) and forgets the previous outcome (and its cancel_on binding).
  void reset() {
    stop_binding_.reset();  // first: no stop request may complete the next operation
    core_.reset();
    completion_.store(completion::open, std::memory_order_relaxed);
  }

  // A task for the current operation; consume it once.
  [[nodiscard]] value_task<T> task() noexcept { return value_task<T>(*this, version()); }

  // Completes the current operation and resumes its awaiter, if any. A
  // second completion throws task_misuse_error; a result that arrives after a
  // cancel_on() stop request completed the operation is dropped.
  template <class... Args>
  void set_result(Args&&... args) {
    if (claim_for_set()) core_.set_value(std::forward<Args>(args)...);
  }
  void set_exception(std::exception_ptr error) {
    if (claim_for_set()) core_.set_exception(std::move(error));
  }

  // ---- cancellation and racing completions ------------------------------------
  //
  // Several parties may race to complete one operation (an I/O completion, a
  // stop request, a timeout): the first wins, the others' outcomes are
  // dropped. One atomic word (completion_) decides; only the winner writes
  // the outcome and resumes the awaiter, so the awaiter is resumed exactly once.

  // Completes the current operation with operation_cancelled when `token` is
  // stopped before the operation completed, on the thread that calls
  // request_stop() (inline, or through the source's executor). Already
  // stopped: completes it now. Call it after reset(), before the operation
  // can complete; reset() and the destructor end the binding (waiting for a
  // stop callback that runs on another thread at that moment).
  void cancel_on(std::stop_token token) {
    stop_binding_.reset();
    stop_binding_.emplace(std::move(token), stop_request{this});
  }

  // First completion wins: true when this call completed the operation,
  // false (and the outcome dropped) when something completed it first.
  template <class... Args>
  bool try_set_result(Args&&... args) {
    if (!claim(completion::set)) return false;
    core_.set_value(std::forward<Args>(args)...);
    return true;
  }
  bool try_set_exception(std::exception_ptr error) {
    if (!claim(completion::set)) return false;
    core_.set_exception(std::move(error));
    return true;
  }

  // True when the current operation was completed by a stop request.
  [[nodiscard]] bool is_cancelled() const noexcept {
    return completion_.load(std::memory_order_acquire) == completion::cancelled;
  }

  // value_task_source<T>
  source_status status(std::uint32_t version) const override { return core_.status(version); }
  T result(std::uint32_t version) override { return core_.take_result(version); }
  bool on_completed(std::coroutine_handle<> continuation, std::uint32_t version) override {
    return core_.try_register_awaiter(continuation, version);
  }

 private:
  enum class completion : std::uint8_t { open, set, cancelled };

  struct stop_request {
    manual_reset_source* source;
    void operator()() const noexcept {
      if (!source->claim(completion::cancelled)) return;
      // The last touch of the source by this callback: the awaiter may run,
      // reset() and rebind it from inside set_exception.
      source->core_.set_exception(std::make_exception_ptr(operation_cancelled()));
    }
  };

  bool claim(completion by) noexcept {
    completion expected = completion::open;
    return completion_.compare_exchange_strong(expected, by, std::memory_order_acq_rel,
                                               std::memory_order_relaxed);
  }

  // set_result/set_exception: false drops a result that lost to a stop
  // request; a second set_* reaches the core, which reports the misuse.
  bool claim_for_set() noexcept {
    if (!stop_binding_.has_value()) {  // nothing races: no locked instruction
      completion_.store(completion::set, std::memory_order_relaxed);
      return true;
    }
    return claim(completion::set) ||
           completion_.load(std::memory_order_relaxed) != completion::cancelled;
  }

  detail::source_core<T> core_;
  std::atomic<completion> completion_{completion::open};
  std::optional<std::stop_callback<stop_request>> stop_binding_;  // destroyed first
};

}  // namespace valuetask
