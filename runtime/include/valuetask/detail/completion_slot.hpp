// The completion protocol of the runtime, written once: one atomic word that
// decides, between the side that completes an operation and the side that
// waits for it, who resumes whom. The promise of a value_task coroutine, the
// source core and the shared state of a shared_task each hold one.
//
// The word holds
//   nullptr          pending, nobody waits yet;
//   a waiter         pending, and this is who waits: a coroutine's address for
//                    the single-consumer users, the head of a list of
//                    shared_waiter for a shared_task;
//   completed_tag    the outcome is stored: whoever looks next takes it;
//   detached_tag     (promise only) the owner let go: the body frees itself.
// Each side swaps its own mark in and acts on the mark it swapped out, so the
// last of the two to arrive always knows what to do. The exchanges are
// acq_rel: they publish the outcome (completer -> waiter) and the waiter's
// frame (waiter -> completer). A side that has *seen* completed_tag (acquire)
// owns everything: the consumer that observed completion frees the frame with
// no further read-modify-write.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <atomic>
#include <coroutine>

namespace valuetask::detail {

// A suspended consumer of a shared_task; lives in the consumer's awaiter.
struct shared_waiter {
  std::coroutine_handle<> continuation;
  shared_waiter* next = nullptr;
};

class completion_slot {
 public:
  // What register_single() found.
  enum class registration : unsigned char { registered, completed, occupied };

  [[nodiscard]] bool is_completed() const noexcept {
    return word_.load(std::memory_order_acquire) == completed_tag();
  }

  // Waits with `waiter` if the slot is pending and empty. `occupied`: some
  // other waiter is already there (or the owner detached).
  [[nodiscard]] registration register_single(void* waiter) noexcept {
    void* expected = nullptr;
    if (word_.compare_exchange_strong(expected, waiter, std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
      return registration::registered;
    }
    return expected == completed_tag() ? registration::completed : registration::occupied;
  }

  // Adds `waiter` to the list; false when the outcome is already stored.
  [[nodiscard]] bool register_shared(shared_waiter& waiter) noexcept {
    void* head = word_.load(std::memory_order_acquire);
    do {
      if (head == completed_tag()) return false;
      waiter.next = static_cast<shared_waiter*>(head);
    } while (!word_.compare_exchange_weak(head, &waiter, std::memory_order_acq_rel,
                                          std::memory_order_acquire));
    return true;
  }

  // The completer's one exchange: returns what was there (nullptr, a waiter,
  // or detached_tag).
  [[nodiscard]] void* complete() noexcept {
    return word_.exchange(completed_tag(), std::memory_order_acq_rel);
  }

  // The owner lets go: true when the body had already completed (the owner
  // then frees the frame); otherwise the body will.
  [[nodiscard]] bool detach() noexcept {
    return word_.exchange(detached_tag(), std::memory_order_acq_rel) == completed_tag();
  }

  // Back to "pending, nobody waits" for the next operation; the caller has
  // ordered itself after the previous operation's completer and consumer.
  void reset() noexcept { word_.store(nullptr, std::memory_order_relaxed); }

  // Whether a waiter is registered (for diagnostics: reset, destruction).
  [[nodiscard]] bool has_waiter() const noexcept {
    void* const word = word_.load(std::memory_order_acquire);
    return word != nullptr && word != completed_tag() && word != detached_tag();
  }

  [[nodiscard]] static bool is_detached(void* word) noexcept { return word == detached_tag(); }

 private:
  static void* completed_tag() noexcept { return &tags[0]; }
  static void* detached_tag() noexcept { return &tags[1]; }
  static inline char tags[2] = {};

  std::atomic<void*> word_{nullptr};
};

}  // namespace valuetask::detail

#endif  // VALUETASK_SUPPORTED_LANGUAGE
