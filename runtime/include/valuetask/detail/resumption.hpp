// How the runtime resumes the next coroutine without growing the stack.
//
// With clang, a finishing frame returns the next handle from await_suspend:
// a guaranteed tail call (symmetric transfer). g++ turns that into a tail
// call only with -foptimize-sibling-calls (-O2 and up), so with g++ every
// resumption the runtime starts goes through resume_loop(): a frame that
// finishes while the loop is its direct resumer leaves its continuation in
// the loop's `next` instead of resuming it, returns, and the loop resumes
// it. A chain of a million completions then runs at constant stack depth in
// every build mode.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <coroutine>

namespace valuetask::detail {

#if !VALUETASK_SYMMETRIC_TRANSFER
struct resumption_loop_state {
  void* resuming = nullptr;  // the frame the innermost loop on this thread resumed
  void* next = nullptr;      // the continuation it left behind
};
inline constinit thread_local resumption_loop_state resumption_loop{};
#endif

// Resumes `handle` (and, with g++, whatever finishes into the loop after it).
inline void resume_loop(std::coroutine_handle<> handle) {
#if VALUETASK_SYMMETRIC_TRANSFER
  handle.resume();
#else
  resumption_loop_state& loop = resumption_loop;
  void* const outer = loop.resuming;
  while (handle) {
    loop.resuming = handle.address();
    loop.next = nullptr;
    handle.resume();
    handle = std::coroutine_handle<>::from_address(loop.next);
  }
  loop.next = nullptr;
  loop.resuming = outer;
#endif
}

// Returned from a final awaiter's await_suspend: runs `next` after `self`
// (which is suspended and may be destroyed by `next`).
[[nodiscard]] inline std::coroutine_handle<> continue_with(std::coroutine_handle<> self,
                                                           std::coroutine_handle<> next) {
#if VALUETASK_SYMMETRIC_TRANSFER
  static_cast<void>(self);
  return next;
#else
  resumption_loop_state& loop = resumption_loop;
  if (loop.resuming == self.address()) {
    loop.next = next.address();  // the loop resuming `self` resumes `next` once `self` returns
  } else {
    resume_loop(next);  // resumed by someone else: become the loop
  }
  return std::noop_coroutine();
#endif
}

}  // namespace valuetask::detail

#endif  // VALUETASK_SUPPORTED_LANGUAGE
