// A fire-and-forget driver coroutine for when_any and the Asio bridge: it
// starts eagerly, nobody awaits or owns it, and its frame (from the frame
// cache) frees itself when the body ends. A driver body must not let an
// exception escape: it catches and forwards what it meets.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <coroutine>
#include <exception>

#include "valuetask/detail/frame_allocator.hpp"

namespace valuetask::detail {

struct detached_driver {
  struct promise_type : frame_allocated<promise_type> {
    // Returns the coroutine's own type (see the clang 22 note in promise.hpp).
    detached_driver get_return_object() const noexcept { return {}; }
    std::suspend_never initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }
  };
};

}  // namespace valuetask::detail

#endif  // VALUETASK_SUPPORTED_LANGUAGE
