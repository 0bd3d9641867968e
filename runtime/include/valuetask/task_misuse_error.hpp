// The one exception type every run-time misuse of the runtime throws (with
// -fno-exceptions: the message is printed and the program terminates).
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

namespace valuetask {

// What went wrong; task_misuse_error::kind() reports it so that tests and
// error handlers need not parse messages.
enum class misuse : std::uint8_t {
  empty_task,           // consuming a default-constructed value_task
  moved_from_task,      // consuming a value_task after moving from it
  consumed_twice,       // consuming a value_task (or a source operation) again
  result_of_pending,    // result() before the task completed
  stale_version,        // a source task used after its source was reset()
  second_awaiter,       // two awaiters for one source operation
  completed_twice,      // set_result/set_exception twice for one version
  reset_while_awaited,  // reset() while an awaiter waits for the operation
  null_exception,       // a null std::exception_ptr given as a task's failure
  operation_consumed_twice,  // the result of one source operation taken twice (two tasks of it)
};

class task_misuse_error : public std::logic_error {
 public:
  task_misuse_error(misuse kind, const std::string& message)
      : std::logic_error(message), kind_(kind) {}

  [[nodiscard]] misuse kind() const noexcept { return kind_; }

 private:
  misuse kind_;
};

namespace detail {

// Where throwing is impossible (a destructor, a noexcept hand-off) or
// disabled (-fno-exceptions): print the message and terminate.
[[noreturn]] inline void terminate_with(const std::string& message) noexcept {
  std::fputs(message.c_str(), stderr);
  std::fputs("\n", stderr);
  std::fflush(stderr);
  std::terminate();
}

// The single place that words a misuse. `operation` names what the user did
// ("co_await", "result()", ...); the versions matter for stale_version only.
[[noreturn]] inline void throw_misuse(misuse kind, const char* operation,
                                      std::uint32_t task_version = 0,
                                      std::uint32_t source_version = 0) {
  std::string message = "valuetask: ";
  message += operation;
  switch (kind) {
    case misuse::empty_task:
      message += " on an empty task (default-constructed, nothing to consume): assign a task to it"
                 " first";
      break;
    case misuse::moved_from_task:
      message += " on a value_task that was moved from: consume the task it was moved into";
      break;
    case misuse::consumed_twice:
      message += " on a value_task that was already consumed (by co_await, result(), preserve(),"
                 " sync_wait or when_all): consume a task exactly once, or share it with"
                 " std::move(t).preserve()";
      break;
    case misuse::result_of_pending:
      message += " on a task that has not completed: co_await it instead, or check is_completed()"
                 " first";
      break;
    case misuse::stale_version:
      message += " on a stale value_task: it was obtained at source version " +
                 std::to_string(task_version) + " but the source was reset() to version " +
                 std::to_string(source_version) +
                 "; take a fresh task from the source after each reset()";
      break;
    case misuse::second_awaiter:
      message += ": a second awaiter for one operation (a value_task has exactly one consumer);"
                 " share the result with std::move(t).preserve()";
      break;
    case misuse::completed_twice:
      message += " on a source operation that is already completed: call reset() before"
                 " starting the next operation";
      break;
    case misuse::reset_while_awaited:
      message += " while an awaiter still waits for the current operation: complete it first";
      break;
    case misuse::null_exception:
      message += " with a null std::exception_ptr: a failed task needs an exception to rethrow;"
                 " pass std::current_exception() inside a catch block, or std::make_exception_ptr(e)";
      break;
    case misuse::operation_consumed_twice:
      message += " on a source operation whose result was already taken (by another task of the"
                 " same operation, or this one): take one task per operation, or share it with"
                 " std::move(t).preserve()";
      break;
  }
#if VALUETASK_EXCEPTIONS
  throw task_misuse_error(kind, message);
#else
  terminate_with(message);
#endif
}

}  // namespace detail
}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
