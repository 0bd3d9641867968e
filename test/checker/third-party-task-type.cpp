// With the lazy type configured, its lvalue co_awaits are tracked:
// RUN: %check_valuetask %s --config="{CheckOptions: {ValueTaskTypes: '::valuetask::value_task;::lib::lazy'}}" -- -I%inputs
// RUN: %check_valuetask_compiler %s --config="{CheckOptions: {ValueTaskTypes: '::valuetask::value_task;::lib::lazy'}}" -- -I%inputs
// Without, it is not (no CHECK-MESSAGES-DEFAULT line: nothing may be printed
// for it), while the runtime's own type still is:
// RUN: %check_valuetask %s --prefix CHECK-MESSAGES-DEFAULT -- -I%inputs -DONLY_LAZY
// RUN: %check_valuetask_compiler %s --prefix CHECK-MESSAGES-DEFAULT -- -I%inputs -DONLY_LAZY

#include "lazy_task.h"
#include "value_task.h"

lib::lazy<int> fetch();

lib::lazy<int> lazy_task_awaited_twice_as_an_lvalue() {
  auto t = fetch();
  int a = co_await t;
  int b = co_await t;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: task 't' is awaited more than once; await it once and reuse its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: 't' was awaited here
  co_return a + b;
}

lib::lazy<int> lazy_task_observed_then_awaited_once() {
  auto t = fetch();
  if (t.is_ready())
    co_return co_await t;
  co_return 0;
}

other::value_task<int> same_name_in_another_namespace();

other::value_task<int> same_name_in_another_namespace_is_not_tracked() {
  auto t = same_name_in_another_namespace();
  int a = co_await t;
  co_return a + co_await t;
}

#ifndef ONLY_LAZY
template <class T> using task_alias = valuetask::value_task<T>;
typedef valuetask::value_task<int> int_task;
int_task make();

task_alias<int> aliases_and_typedefs_are_the_same_type() {
  int_task t = make();
  task_alias<int> &r = t;
  int a = co_await std::move(r);
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'r' was awaited here
}
#endif
