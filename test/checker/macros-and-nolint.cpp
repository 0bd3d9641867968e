// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "value_task.h"

using valuetask::value_task;

value_task<int> make();

#define AWAIT(task) co_await std::move(task)

value_task<int> double_await_through_a_macro_is_reported_at_the_expansion() {
  auto t = make();
  int a = AWAIT(t);
  int b = AWAIT(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: 't' was awaited here
  co_return a + b;
}

value_task<int> nolint_on_the_line_suppresses() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t); // NOLINT(valuetask-double-await)
  co_return a + b;
}

value_task<int> nolintnextline_suppresses() {
  auto t = make();
  int a = co_await std::move(t);
  // NOLINTNEXTLINE(valuetask-*)
  int b = co_await std::move(t);
  co_return a + b;
}

value_task<int> nolint_in_the_user_file_covers_a_macro() {
  auto t = make();
  int a = AWAIT(t);
  int b = AWAIT(t); // NOLINT
  co_return a + b;
}

value_task<int> nolint_for_another_check_does_not_suppress() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t); // NOLINT(valuetask-stored-task)
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  co_return a + b;
}
