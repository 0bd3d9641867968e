// What every header of the runtime needs first: the language check, the
// exception switch, and compiler-specific annotations, each behind a feature
// test so that every supported compiler sees valid code.
#pragma once

// Every public header guards its contents with VALUETASK_SUPPORTED_LANGUAGE,
// so an older standard stops with this one error instead of pages of them.
#if defined(_MSVC_LANG) && _MSVC_LANG > __cplusplus
#  define VALUETASK_CPLUSPLUS _MSVC_LANG
#else
#  define VALUETASK_CPLUSPLUS __cplusplus
#endif
#if VALUETASK_CPLUSPLUS < 202002L || !defined(__cpp_impl_coroutine)
#  error "valuetask needs C++20 with coroutines: compile with -std=c++20 (or later)"
#else
#  define VALUETASK_SUPPORTED_LANGUAGE 1
#endif

#ifdef VALUETASK_SUPPORTED_LANGUAGE

// Exceptions on or off (-fno-exceptions): with them off, every misuse
// terminates with its message instead of throwing, and the few places that
// capture an exception into a task compile to their plain path.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#  define VALUETASK_EXCEPTIONS 1
#  define VALUETASK_TRY try
#  define VALUETASK_CATCH_ALL catch (...)
#else
#  define VALUETASK_EXCEPTIONS 0
#  define VALUETASK_TRY if (true)
#  define VALUETASK_CATCH_ALL else
#endif

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

// The ready path must not cost a call: both compilers otherwise keep the
// consumer's switch over the states out of line.
#if defined(__GNUC__)
#  define VALUETASK_INLINE inline __attribute__((always_inline))
#else
#  define VALUETASK_INLINE inline
#endif

#if defined(__GNUC__)
#  define VALUETASK_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#  define VALUETASK_LIKELY(x) (x)
#endif

#if defined(__SANITIZE_ADDRESS__)
#  define VALUETASK_ASAN 1
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer)
#    define VALUETASK_ASAN 1
#  endif
#endif

// Resuming the next coroutine by returning its handle from await_suspend is
// a guaranteed tail call with clang at every optimisation level; g++ makes it
// one only when it optimises sibling calls (-O2), so a long chain of
// completions would grow the stack at -O0, -Og and -O1. With g++ the runtime
// therefore resumes through a per-thread loop instead (detail/resumption.hpp).
#if defined(__clang__)
#  define VALUETASK_SYMMETRIC_TRANSFER 1
#else
#  define VALUETASK_SYMMETRIC_TRANSFER 0
#endif

#endif  // VALUETASK_SUPPORTED_LANGUAGE
