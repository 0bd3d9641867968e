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
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <coroutine>
#include <cstdint>
#include <exception>
#include <utility>

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
  ~manual_reset_source() { core_.check_not_awaited("manual_reset_source"); }

  [[nodiscard]] std::uint32_t version() const noexcept { return core_.version(); }

  // Starts the next operation: bumps the version (tasks of the previous one
  // become stale) and forgets the previous outcome.
  void reset() { core_.reset(); }

  // A task for the current operation; consume it once.
  [[nodiscard]] value_task<T> task() noexcept { return value_task<T>(*this, version()); }

  // Completes the current operation and resumes its awaiter, if any; a
  // second completion throws task_misuse_error (misuse::completed_twice).
  template <class... Args>
  void set_result(Args&&... args) {
    core_.set_result(std::forward<Args>(args)...);
  }
  void set_exception(std::exception_ptr error) { core_.set_exception(std::move(error)); }

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
  source_core<T> core_;
};

}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
