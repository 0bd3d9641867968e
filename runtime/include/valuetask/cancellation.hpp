// Cancellation: what a cancelled operation completes with. A stop request on
// a std::stop_token bound to an operation (manual_reset_source::cancel_on,
// valuetask::asio::use_value_task(token)) completes that operation with
// operation_cancelled, unless it completed first; with_timeout completes with
// it on expiry. .NET's OperationCanceledException.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <exception>

namespace valuetask {

class operation_cancelled : public std::exception {
 public:
  [[nodiscard]] const char* what() const noexcept override {
    return "valuetask: the operation was cancelled (a stop request, a timeout, or its execution "
           "context shut down)";
  }
};

}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
