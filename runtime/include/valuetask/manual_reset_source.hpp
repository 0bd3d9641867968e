// manual_reset_source<T>: a reusable asynchronous operation, .NET's
// ManualResetValueTaskSourceCore<T> as a ready-made value_task_source<T>.
// (To embed the same core in your own pooled object, use source_core<T>.)
//
//   manual_reset_source<int> source;     // owned by the operation's object
//   value_task<int> start() { source.reset(); begin_io(); return source.task(); }
//   void on_io_done(int n) { source.set_result(n); }   // resumes the awaiter
//
// Each operation costs no allocation. A task obtained before reset() is stale:
// using it throws task_misuse_error. The version is 32 bits and wraps after
// 2^32 operations. Completions that may race (an I/O completion against a
// timeout or a cancellation) use try_set_result(version, ...) /
// try_set_exception(version, ...): the first completion of an operation
// wins, a late one returns false and changes nothing, even after reset().
//
// Cancellation: cancel_on(token) after reset() binds the operation to a
// std::stop_token; a stop request completes it with operation_cancelled
// unless it completed first (the same first-completion-wins rule).
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <optional>
#include <stop_token>
#include <utility>

#include "valuetask/cancellation.hpp"
#include "valuetask/core.hpp"
#include "valuetask/source_core.hpp"
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

  // Destroying the source while a task of it is awaited terminates with a
  // message naming it (the awaiter could never be resumed).
  ~manual_reset_source() {
    stop_binding_.reset();
    core_.check_not_awaited("manual_reset_source");
  }

  [[nodiscard]] std::uint32_t version() const noexcept { return core_.version(); }

  // Starts the next operation: bumps the version (tasks of the previous one
  // become stale) and forgets the previous outcome and cancel_on binding.
  void reset() {
    stop_binding_.reset();  // first: no stop request may complete the next operation
    core_.reset();
    stop_requested_.store(false, std::memory_order_relaxed);
  }

  // A task for the current operation; consume it once.
  // (It calls the core directly: awaiting it makes no virtual call.)
  [[nodiscard]] value_task<T> task() noexcept {
    return detail::task_access::from_core(core_, core_.version());
  }

  // Completes the current operation and resumes its awaiter, if any; a
  // second completion throws task_misuse_error (misuse::completed_twice). A
  // completion that arrives after a cancel_on stop request completed the
  // operation is dropped.
  template <class... Args>
  void set_result(Args&&... args) {
    if (!stop_binding_.has_value()) {
      core_.set_result(std::forward<Args>(args)...);
    } else if (!core_.try_set_result(version(), std::forward<Args>(args)...)) {
      refuse_second_completion("set_result()");
    }
  }
  void set_exception(std::exception_ptr error) {
    if (!stop_binding_.has_value() || error == nullptr) {
      core_.set_exception(std::move(error));
    } else if (!core_.try_set_exception(version(), std::move(error))) {
      refuse_second_completion("set_exception()");
    }
  }

  // Completes the current operation with operation_cancelled when `token` is
  // stopped before it completed, on the thread that calls request_stop()
  // (the awaiter resumes there, or through the source's executor); a token
  // stopped already completes it now. Call it after reset(); reset() and
  // the destructor end the binding (waiting for a stop callback running on
  // another thread at that moment). A second call replaces the binding.
  void cancel_on(std::stop_token token) {
    stop_binding_.reset();
    stop_binding_.emplace(std::move(token), stop_request{this, version()});
  }

  // Completes operation `version` only if it is current and not completed
  // yet; returns whether this call completed it.
  template <class... Args>
  bool try_set_result(std::uint32_t version, Args&&... args) {
    return core_.try_set_result(version, std::forward<Args>(args)...);
  }
  bool try_set_exception(std::uint32_t version, std::exception_ptr error) {
    return core_.try_set_exception(version, std::move(error));
  }

  // value_task_source<T>
  source_status status(std::uint32_t version) const override { return core_.status(version); }
  T result(std::uint32_t version) override { return core_.result(version); }
  bool on_completed(std::coroutine_handle<> continuation, std::uint32_t version) override {
    return core_.on_completed(continuation, version);
  }

 private:
  struct stop_request {
    manual_reset_source* source;
    std::uint32_t version;
    void operator()() const noexcept {
      source->stop_requested_.store(true, std::memory_order_release);
      // The last touch of the source: the awaiter may resume inline, reset()
      // the source and destroy this binding.
      source->core_.try_set_exception(version, std::make_exception_ptr(operation_cancelled()));
    }
  };

  // A set_* that lost: to a stop request (dropped), or a real second completion.
  void refuse_second_completion(const char* operation) const {
    // The failed claim read the stop request's claim: the fence orders its flag before it.
    std::atomic_thread_fence(std::memory_order_acquire);
    if (stop_requested_.load(std::memory_order_relaxed)) return;
    detail::throw_misuse(misuse::completed_twice, operation);
  }

  source_core<T> core_;
  std::atomic<bool> stop_requested_{false};
  std::optional<std::stop_callback<stop_request>> stop_binding_;  // destroyed first
};

}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
