// The interface behind a source-backed value_task: a reusable asynchronous
// operation identified by a version, as .NET's IValueTaskSource<T> with its
// token. manual_reset_source<T> is the ready-made implementation.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <coroutine>
#include <cstdint>

namespace valuetask {

enum class source_status : std::uint8_t { pending, succeeded, faulted };

// Every member takes the version the task was created with; a source whose
// current version differs must throw task_misuse_error (misuse::stale_version).
template <class T>
class value_task_source {
 public:
  // Where the operation stands. Never consumes.
  virtual source_status status(std::uint32_t version) const = 0;

  // Takes the result once the operation completed: returns the value or
  // rethrows the exception. A second call for one version is a misuse.
  virtual T result(std::uint32_t version) = 0;

  // Registers the single awaiter. Returns false when the operation completed
  // in the meantime: the caller then continues without suspending. Otherwise
  // the source resumes `continuation` exactly once, when the operation completes.
  virtual bool on_completed(std::coroutine_handle<> continuation, std::uint32_t version) = 0;

 protected:
  value_task_source() = default;
  value_task_source(const value_task_source&) = default;
  value_task_source& operator=(const value_task_source&) = default;
  ~value_task_source() = default;
};

// Where a source resumes its awaiter when it is told not to resume inline
// (.NET's RunContinuationsAsynchronously): an event loop, a thread pool.
// schedule() must resume `continuation` exactly once, later, on a thread of
// its choice. If it throws instead, the source keeps the awaiter: the
// operation is completed with the thrown exception (status faulted) and the
// awaiter is resumed inline, on the completing thread, where its co_await
// rethrows it.
class executor {
 public:
  virtual void schedule(std::coroutine_handle<> continuation) = 0;

 protected:
  executor() = default;
  executor(const executor&) = default;
  executor& operator=(const executor&) = default;
  ~executor() = default;
};

}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
