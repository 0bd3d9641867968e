// valuetask::source_core<T>: .NET's ManualResetValueTaskSourceCore<T>, the
// reusable core of an asynchronous operation, to embed in your own pooled
// object that implements value_task_source<T> by forwarding to it:
//
//   class read_operation final : public valuetask::value_task_source<int> {
//    public:
//     valuetask::value_task<int> start() { core_.reset(); submit(); return {*this, core_.version()}; }
//     void on_done(int n) { core_.set_result(n); }
//     valuetask::source_status status(std::uint32_t v) const override { return core_.status(v); }
//     int result(std::uint32_t v) override { return core_.result(v); }   // e.g. then return *this to a pool
//     bool on_completed(std::coroutine_handle<> h, std::uint32_t v) override { return core_.on_completed(h, v); }
//    private:
//     valuetask::source_core<int> core_;
//   };
//
// manual_reset_source<T> is exactly that, ready-made.
//
// One operation at a time, identified by a 32-bit version: reset() starts the
// next one. An operation is completed once: the first completion wins.
// set_result()/set_exception() complete the current operation and report a
// second completion as a misuse; try_set_result(version, ...) and
// try_set_exception(version, ...) complete operation `version` only, and
// return whether this call did it — so a late completion (after a timeout or
// a cancellation completed the operation, and after reset()) is refused
// instead of completing the next operation. Completions may come from any
// thread and may race each other.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <string>
#include <thread>
#include <utility>

#include "valuetask/detail/completion_slot.hpp"
#include "valuetask/detail/result_cell.hpp"
#include "valuetask/detail/resumption.hpp"
#include "valuetask/task_misuse_error.hpp"
#include "valuetask/value_task_source.hpp"

namespace valuetask {

// The protocol: `claim_` holds the version and a "claimed" bit in one word,
// so that claiming operation v and checking that v is still current are one
// compare-exchange; the claimer alone writes the outcome, then completes the
// completion_slot (acq_rel), which also tells it whether an awaiter waits and
// must be resumed. The awaiting side compare-exchanges its handle into the
// slot; finding it completed, it continues without suspending. reset() must
// be ordered after the previous operation's consumer by the caller (it is, in
// the usual "the consumer starts the next operation" pattern); it may race
// with a late completion, which it refuses.
template <class T>
class source_core {
 public:
  // Continuations run inline, on the thread that completes the operation.
  source_core() = default;
  // Continuations are handed to `continuation_executor`, which must outlive the core.
  explicit source_core(executor& continuation_executor) noexcept
      : executor_(&continuation_executor) {}

  // Tasks refer to the operation's object: it stays where it is.
  source_core(const source_core&) = delete;
  source_core& operator=(const source_core&) = delete;

  // Destroying the core while a task of it is awaited would leave that
  // awaiter suspended forever on freed memory: it terminates, with a message.
  ~source_core() { check_not_awaited("source_core"); }

  [[nodiscard]] std::uint32_t version() const noexcept {
    return static_cast<std::uint32_t>(claim_.load(std::memory_order_acquire) >> 1);
  }

  // Starts the next operation: bumps the version (tasks of the previous one
  // become stale, late completions of it are refused) and forgets the
  // previous outcome. Throws task_misuse_error if an awaiter still waits.
  void reset() {
    if (slot_.has_waiter()) detail::throw_misuse(misuse::reset_while_awaited, "reset()");
    // Close the current operation to completions first (a completed one is
    // closed already): after this, nobody but this call touches the outcome.
    // One that claimed it just before may still be writing: wait for it.
    std::uint64_t previous = claim_.load(std::memory_order_acquire);
    if ((previous & 1) == 0) previous = claim_.fetch_or(1, std::memory_order_acq_rel);
    if ((previous & 1) != 0) {
      while (!slot_.is_completed()) std::this_thread::yield();
    }
    outcome_.clear();
    result_taken_ = false;
    slot_.reset();
    claim_.store((((previous >> 1) + 1) << 1) & version_mask, std::memory_order_release);
  }

  // Completes the current operation and resumes its awaiter, if any. A
  // second completion of one operation throws task_misuse_error. If
  // constructing the value throws, the operation completes with that
  // exception instead.
  template <class... Args>
  void set_result(Args&&... args) {
    if (!try_set_result(version(), std::forward<Args>(args)...)) {
      detail::throw_misuse(misuse::completed_twice, "set_result()");
    }
  }

  // As set_result; a null `error` throws task_misuse_error (misuse::null_exception).
  void set_exception(std::exception_ptr error) {
    if (error == nullptr) detail::throw_misuse(misuse::null_exception, "set_exception()");
    if (!try_set_exception(version(), std::move(error))) {
      detail::throw_misuse(misuse::completed_twice, "set_exception()");
    }
  }

  // Completes operation `version` if it is current and not completed yet,
  // and returns true; otherwise changes nothing and returns false.
  template <class... Args>
  bool try_set_result(std::uint32_t version, Args&&... args) {
    if (!claim(version)) return false;
    VALUETASK_TRY { outcome_.set_value(std::forward<Args>(args)...); }
    VALUETASK_CATCH_ALL { outcome_.set_exception(std::current_exception()); }
    complete();
    return true;
  }

  // As try_set_result; a null `error` throws task_misuse_error
  // (misuse::null_exception) and completes nothing.
  bool try_set_exception(std::uint32_t version, std::exception_ptr error) {
    if (error == nullptr) detail::throw_misuse(misuse::null_exception, "try_set_exception()");
    if (!claim(version)) return false;
    outcome_.set_exception(std::move(error));
    complete();
    return true;
  }

  // ---- what a value_task_source<T> forwards ---------------------------------

  [[nodiscard]] source_status status(std::uint32_t version) const {
    check_version(version, "awaiting");
    if (!slot_.is_completed()) return source_status::pending;
    return outcome_.has_exception() ? source_status::faulted : source_status::succeeded;
  }

  T result(std::uint32_t version) {
    check_version(version, "result()");
    if (!slot_.is_completed()) detail::throw_misuse(misuse::result_of_pending, "result()");
    if (std::exchange(result_taken_, true)) {
      detail::throw_misuse(misuse::operation_consumed_twice, "result()");
    }
    return outcome_.take();
  }

  [[nodiscard]] bool on_completed(std::coroutine_handle<> continuation, std::uint32_t version) {
    check_version(version, "co_await");
    switch (slot_.register_single(continuation.address())) {
      case detail::completion_slot::registration::registered:
        return true;
      case detail::completion_slot::registration::completed:
        return false;
      default:
        detail::throw_misuse(misuse::second_awaiter, "co_await");
    }
  }

  // For an embedding object's destructor: terminates, naming `what`, if an
  // awaiter still waits for the current operation.
  void check_not_awaited(const char* what) const noexcept {
    if (!slot_.has_waiter()) return;
    detail::terminate_with(std::string("valuetask: ") + what +
                           " destroyed while a task of its operation " +
                           std::to_string(version()) +
                           " is awaited: the awaiting coroutine could never resume; complete"
                           " the operation (set_result/set_exception) before destroying it");
  }

 private:
  static constexpr std::uint64_t version_mask = (std::uint64_t{1} << 33) - 1;

  [[nodiscard]] bool claim(std::uint32_t version) noexcept {
    std::uint64_t expected = std::uint64_t{version} << 1;
    return claim_.compare_exchange_strong(expected, expected | 1, std::memory_order_acq_rel,
                                          std::memory_order_relaxed);
  }

  void check_version(std::uint32_t version, const char* operation) const {
    const std::uint32_t current = this->version();
    if (version != current) detail::throw_misuse(misuse::stale_version, operation, version, current);
  }

  // The claimer's hand-off: publish the outcome, resume whoever waits.
  void complete() {
    void* const awaiter = slot_.complete();
    if (awaiter == nullptr) return;
    const auto continuation = std::coroutine_handle<>::from_address(awaiter);
    if (executor_ == nullptr) {
      detail::resume_loop(continuation);
      return;
    }
    VALUETASK_TRY {
      executor_->schedule(continuation);
      return;
    }
    VALUETASK_CATCH_ALL {
      // Nobody but the suspended awaiter reads the outcome now: it becomes
      // the scheduling failure, which the awaiter rethrows, resumed here.
      outcome_.clear();
      outcome_.set_exception(std::current_exception());
    }
    detail::resume_loop(continuation);
  }

  std::atomic<std::uint64_t> claim_{0};  // version << 1 | claimed
  detail::completion_slot slot_;
  detail::result_cell<T> outcome_;
  bool result_taken_ = false;  // touched by the consumer only
  executor* executor_ = nullptr;
};

}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
