// Code that does not compile: the compiler's error is all that is printed;
// the checks skip the translation unit instead of guessing (and never crash).
// RUN: %check_valuetask %s --expect-clang-tidy-error -- -I%inputs
// RUN: %check_valuetask_compiler %s --expect-clang-tidy-error -- -I%inputs

#include "value_task.h"

using valuetask::value_task;

value_task<int> make();

value_task<int> double_await_next_to_a_syntax_error() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  co_return a + b +;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: error: expected expression [clang-diagnostic-error]
}

struct stored_next_to_a_syntax_error {
  value_task<int> t_ = make();
  undeclared_type u_;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: unknown type name 'undeclared_type' [clang-diagnostic-error]
};
