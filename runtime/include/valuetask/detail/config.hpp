// Compiler-specific annotations, each behind a feature test so that every
// supported compiler sees valid code.
#pragma once

#if defined(__has_attribute)
#  if __has_attribute(consumable) && __has_attribute(callable_when) && \
      __has_attribute(set_typestate) && __has_attribute(return_typestate) && \
      __has_attribute(param_typestate)
// Clang's typestate analysis (-Wconsumed). A task of unknown history is
// "unknown" (so returning one never warns); a consumer leaves it "consumed";
// consuming a "consumed" task warns. An empty task starts "consumed".
#    define VALUETASK_CONSUMABLE __attribute__((consumable(unknown)))
#    define VALUETASK_CONSUMES \
       __attribute__((callable_when("unconsumed", "unknown"), set_typestate(consumed)))
#    define VALUETASK_RETURNS_CONSUMED __attribute__((return_typestate(consumed)))
#    define VALUETASK_CONSUMED_PARAMETER __attribute__((param_typestate(unknown)))
#  endif
#endif
#ifndef VALUETASK_CONSUMABLE
#  define VALUETASK_CONSUMABLE
#  define VALUETASK_CONSUMES
#  define VALUETASK_RETURNS_CONSUMED
#  define VALUETASK_CONSUMED_PARAMETER
#endif

#if defined(__has_cpp_attribute)
#  if __has_cpp_attribute(clang::coro_await_elidable)
// Clang 20+: `co_await f()` may place f's frame inside the caller's frame.
#    define VALUETASK_CORO_AWAIT_ELIDABLE [[clang::coro_await_elidable]]
#  endif
#endif
#ifndef VALUETASK_CORO_AWAIT_ELIDABLE
#  define VALUETASK_CORO_AWAIT_ELIDABLE
#endif

#if defined(__SANITIZE_ADDRESS__)
#  define VALUETASK_ASAN 1
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer)
#    define VALUETASK_ASAN 1
#  endif
#endif
