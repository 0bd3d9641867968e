// The promise of a value_task coroutine, and the hand-off between the
// coroutine and the one value_task that owns it.
//
// Two paths, decided by whether the frame ever *escaped* — whether its handle
// was ever given to anyone:
//
//  - Until its first real suspension, only the body and the value_task the
//    call is about to return know the frame, and the body runs on the calling
//    thread. owner_ points at that value_task (the task keeps it current if
//    the compiler moves it). A body that finishes then — the coroutine
//    completed synchronously — moves its outcome straight into the task and
//    frees its own frame at the final suspend point: no atomic operation at
//    all, and the caller receives a ready task, as cheap to consume as
//    from_result().
//  - Every suspension goes through escape_on_suspend (await_transform), which
//    clears owner_ before the awaiter sees the handle. From then on the
//    completion_slot decides: the body exchanges completed_tag in at its end;
//    the owner registers one awaiter, or, having seen completed_tag, takes
//    the result and frees the frame itself (no second exchange), or detaches.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <coroutine>
#include <cstddef>
#include <exception>
#include <type_traits>
#include <utility>

#include "valuetask/detail/completion_slot.hpp"
#include "valuetask/detail/frame_allocator.hpp"
#include "valuetask/detail/result_cell.hpp"
#include "valuetask/detail/resumption.hpp"

namespace valuetask {
template <class T>
class value_task;
}

namespace valuetask::detail {

// What `co_await operand` awaits, as the language finds it: operand's member
// operator co_await, a free one, or the operand itself.
template <class A>
concept has_member_co_await = requires(A&& a) { static_cast<A&&>(a).operator co_await(); };
template <class A>
concept has_free_co_await = requires(A&& a) { operator co_await(static_cast<A&&>(a)); };

template <class A>
decltype(auto) awaiter_of(A&& operand) {
  if constexpr (has_member_co_await<A>) {
    return static_cast<A&&>(operand).operator co_await();
  } else if constexpr (has_free_co_await<A>) {
    return operator co_await(static_cast<A&&>(operand));
  } else {
    return static_cast<A&&>(operand);
  }
}

// Forwards to the awaiter, and marks the frame escaped just before the
// awaiter receives its handle. `Awaiter` is a value (made by operator
// co_await) or a reference to the operand, which lives until the end of the
// full-expression.
template <class Awaiter, class Promise>
struct escape_on_suspend {
  Awaiter awaiter;
  Promise& promise;

  bool await_ready() noexcept(noexcept(awaiter.await_ready())) { return awaiter.await_ready(); }

  template <class P>
  decltype(auto) await_suspend(std::coroutine_handle<P> self) noexcept(
      noexcept(awaiter.await_suspend(self))) {
    promise.escape();
    return awaiter.await_suspend(self);
  }

  decltype(auto) await_resume() noexcept(noexcept(awaiter.await_resume())) {
    return awaiter.await_resume();
  }
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
class task_promise final : public frame_allocated<task_promise<T>>, public promise_result<T> {
  using handle = std::coroutine_handle<task_promise>;

 public:
  // A synchronously completed body hands its outcome to the task only when
  // moving it cannot throw (the final suspend point is noexcept).
  static constexpr bool hands_over_synchronously =
      std::is_nothrow_move_constructible_v<stored_t<T>>;

  // Returns the task type itself: a different type here triggers a double
  // destruction in clang 22 (llvm/llvm-project#193412).
  value_task<T> get_return_object() noexcept { return value_task<T>(handle::from_promise(*this)); }

  // Eager start, as .NET async methods: the body runs in the call until its
  // first real suspension.
  std::suspend_never initial_suspend() const noexcept { return {}; }

  void unhandled_exception() noexcept { this->result_.set_exception(std::current_exception()); }

  struct final_awaiter {
    task_promise& promise;

    // Never escaped: the outcome goes into the task, and the frame is freed
    // as the body flows off its end (no suspension, no atomic).
    [[nodiscard]] bool await_ready() const noexcept {
      if constexpr (hands_over_synchronously) {
        if (promise.owner_ != nullptr) {
          promise.owner_->adopt_outcome(promise.result_);
          return true;
        }
      }
      return false;
    }

    std::coroutine_handle<> await_suspend(handle self) noexcept {
      void* const previous = self.promise().slot_.complete();
      if (previous == nullptr) return std::noop_coroutine();  // the owner collects later
      if (completion_slot::is_detached(previous)) {
        self.destroy();
        return std::noop_coroutine();
      }
      // The awaiter runs in place of this frame, so long chains of
      // completions do not grow the stack.
      return continue_with(self, std::coroutine_handle<>::from_address(previous));
    }

    void await_resume() const noexcept {}
  };

  [[nodiscard]] final_awaiter final_suspend() noexcept { return {*this}; }

  // Every co_await in the body: rvalue tasks (with their -Wconsumed
  // annotation), lvalue tasks (to reach the error that names the fix), and
  // anything else.
  template <class U>
  auto await_transform(value_task<U>&& task VALUETASK_CONSUMED_PARAMETER) {
    return escape_on_suspend<decltype(std::move(task).operator co_await()), task_promise>{
        std::move(task).operator co_await(), *this};
  }
  template <class U>
  auto await_transform(value_task<U>& task) {
    return escape_on_suspend<decltype(task.operator co_await()), task_promise>{
        task.operator co_await(), *this};
  }
  template <class A>
  auto await_transform(A&& operand) {
    return escape_on_suspend<decltype(awaiter_of(static_cast<A&&>(operand))), task_promise>{
        awaiter_of(static_cast<A&&>(operand)), *this};
  }

  // Only the first suspension writes: it happens on the starting thread
  // before the ramp returns, while later ones may run on another thread as
  // the owning task is moved (move_owner reads owner_, which stays null).
  void escape() noexcept {
    if (owner_ != nullptr) owner_ = nullptr;
  }

  // The task that owns this frame, while the frame has not escaped.
  void set_owner(value_task<T>* owner) noexcept {
    if constexpr (hands_over_synchronously) owner_ = owner;
  }
  void move_owner(value_task<T>* from, value_task<T>* to) noexcept {
    if (owner_ == from) owner_ = to;
  }

  [[nodiscard]] bool is_completed() const noexcept { return slot_.is_completed(); }

  // Registers the awaiter. False when the body finished first: the awaiter
  // then continues without suspending (the acquire makes the result visible).
  [[nodiscard]] bool try_register_awaiter(std::coroutine_handle<> awaiter) noexcept {
    return slot_.register_single(awaiter.address()) == completion_slot::registration::registered;
  }

  // The owner lets go without consuming: whoever comes second frees the frame.
  // An awaiter registered earlier (its frame is being destroyed) is forgotten.
  void detach(handle self) noexcept {
    if (slot_.is_completed() || slot_.detach()) self.destroy();
  }

  // Read by the owner after is_completed() returned true.
  [[nodiscard]] result_cell<T>& result() noexcept { return this->result_; }

 private:
  completion_slot slot_;
  value_task<T>* owner_ = nullptr;
};

}  // namespace valuetask::detail

#endif  // VALUETASK_SUPPORTED_LANGUAGE
