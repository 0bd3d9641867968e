// The machinery of manual_reset_source: one operation at a time, identified
// by a version, with a single awaiter and an optional executor.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <utility>

#include "valuetask/detail/result_cell.hpp"
#include "valuetask/task_misuse_error.hpp"
#include "valuetask/value_task_source.hpp"

namespace valuetask::detail {

// slot_ decides who resumes the awaiter:
//   nullptr        pending, nobody waits yet;
//   an address     the awaiting coroutine, registered by on_completed();
//   completed_tag  the outcome is stored.
// The completing side stores the outcome, then exchanges completed_tag in
// (acq_rel: publishes the outcome, acquires the awaiter's frame) and resumes
// whatever awaiter it swapped out. The awaiting side CASes its address over
// nullptr; if it finds completed_tag it continues without suspending.
// version_ is atomic only so that a racing stale check is not a data race;
// reset() itself must be ordered after the previous consumer by the caller.
template <class T>
class source_core {
 public:
  source_core() = default;
  explicit source_core(executor& continuation_executor) noexcept
      : executor_(&continuation_executor) {}

  [[nodiscard]] std::uint32_t version() const noexcept {
    return version_.load(std::memory_order_relaxed);
  }

  void reset() {
    void* const slot = slot_.load(std::memory_order_acquire);
    if (slot != nullptr && slot != completed_tag()) {
      throw_misuse(misuse::reset_while_awaited, "reset()");
    }
    version_.store(version() + 1, std::memory_order_relaxed);
    outcome_.clear();
    result_taken_ = false;
    slot_.store(nullptr, std::memory_order_relaxed);
  }

  template <class... Args>
  void set_value(Args&&... args) {
    check_not_completed("set_result()");
    outcome_.set_value(std::forward<Args>(args)...);
    complete();
  }

  void set_exception(std::exception_ptr error) {
    check_not_completed("set_exception()");
    outcome_.set_exception(std::move(error));
    complete();
  }

  [[nodiscard]] source_status status(std::uint32_t version) const {
    check_version(version, "awaiting");
    if (slot_.load(std::memory_order_acquire) != completed_tag()) return source_status::pending;
    return outcome_.has_exception() ? source_status::faulted : source_status::succeeded;
  }

  T take_result(std::uint32_t version) {
    check_version(version, "result()");
    if (slot_.load(std::memory_order_acquire) != completed_tag()) {
      throw_misuse(misuse::result_of_pending, "result()");
    }
    if (std::exchange(result_taken_, true)) throw_misuse(misuse::consumed_twice, "result()");
    return outcome_.take();
  }

  [[nodiscard]] bool try_register_awaiter(std::coroutine_handle<> awaiter, std::uint32_t version) {
    check_version(version, "co_await");
    void* expected = nullptr;
    if (slot_.compare_exchange_strong(expected, awaiter.address(), std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
      return true;
    }
    if (expected != completed_tag()) throw_misuse(misuse::second_awaiter, "co_await");
    return false;
  }

 private:
  static void* completed_tag() noexcept { return &completed_tag_storage; }
  static inline char completed_tag_storage = 0;

  void check_version(std::uint32_t version, const char* operation) const {
    const std::uint32_t current = this->version();
    if (version != current) throw_misuse(misuse::stale_version, operation, version, current);
  }

  void check_not_completed(const char* operation) const {
    if (slot_.load(std::memory_order_acquire) == completed_tag()) {
      throw_misuse(misuse::completed_twice, operation);
    }
  }

  void complete() {
    void* const awaiter = slot_.exchange(completed_tag(), std::memory_order_acq_rel);
    if (awaiter == nullptr) return;
    const auto continuation = std::coroutine_handle<>::from_address(awaiter);
    if (executor_ != nullptr) {
      executor_->schedule(continuation);
    } else {
      continuation.resume();
    }
  }

  std::atomic<void*> slot_{nullptr};
  std::atomic<std::uint32_t> version_{0};
  result_cell<T> outcome_;
  bool result_taken_ = false;  // touched by the consumer only
  executor* executor_ = nullptr;
};

}  // namespace valuetask::detail
