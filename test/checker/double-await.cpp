// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "value_task.h"
#include <vector>

using valuetask::value_task;

value_task<int> make();
value_task<bool> make_flag();
value_task<void> make_void();
bool condition();

// ---- flagged ----------------------------------------------------------------

value_task<int> two_sequential_awaits() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  co_return a + b;
}

value_task<int> awaited_inside_if_then_after() {
  auto t = make();
  int a = 0;
  if (condition())
    a = co_await std::move(t);
  a += co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: 't' was awaited here
  co_return a;
}

value_task<int> outer_task_awaited_in_for(int n) {
  auto t = make();
  int sum = 0;
  for (int i = 0; i < n; ++i)
    sum += co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:31: note: 't' was awaited here, in a previous loop iteration
  co_return sum;
}

value_task<int> outer_task_awaited_in_while() {
  auto t = make();
  int sum = 0;
  while (condition())
    sum += co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:31: note: 't' was awaited here, in a previous loop iteration
  co_return sum;
}

value_task<int> outer_task_awaited_in_do_while() {
  auto t = make();
  int sum = 0;
  do {
    sum += co_await std::move(t);
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
    // CHECK-MESSAGES: :[[@LINE-2]]:31: note: 't' was awaited here, in a previous loop iteration
  } while (condition());
  co_return sum;
}

value_task<int> outer_task_awaited_in_range_for(std::vector<int> items) {
  auto t = make();
  int sum = 0;
  for (int item : items)
    sum += item + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:38: note: 't' was awaited here, in a previous loop iteration
  co_return sum;
}

value_task<int> awaited_in_loop_condition() {
  auto more = make_flag();
  int rounds = 0;
  while (co_await std::move(more))
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: task 'more' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
    // CHECK-MESSAGES: :[[@LINE-2]]:29: note: 'more' was awaited here, in a previous loop iteration
    ++rounds;
  co_return rounds;
}

value_task<int> two_awaits_in_one_expression() {
  auto t = make();
  co_return co_await std::move(t) + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:32: note: 't' was awaited here
}

value_task<int> awaited_through_reference_alias() {
  auto t = make();
  auto &r = t;
  int a = co_await std::move(t);
  int b = co_await std::move(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 'r' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  co_return a + b;
}

value_task<int> by_value_parameter_awaited_twice(value_task<int> t) {
  int a = co_await std::move(t);
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
}

struct member_awaited_twice {
  value_task<int> t_;

  value_task<int> run() {
    int a = co_await std::move(this->t_);
    int b = co_await std::move(t_);
    // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: task 't_' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
    // CHECK-MESSAGES: :[[@LINE-3]]:32: note: 't_' was awaited here
    co_return a + b;
  }
};

void awaited_twice_inside_a_coroutine_lambda() {
  auto body = []() -> value_task<int> {
    auto t = make();
    int a = co_await std::move(t);
    co_return a + co_await std::move(t);
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
    // CHECK-MESSAGES: :[[@LINE-3]]:32: note: 't' was awaited here
  };
  (void)body;
}

value_task<int> third_await_notes_both_earlier_ones() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  int c = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: 't' was awaited here
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: 't' was awaited here
  co_return a + b + c;
}

value_task<int> awaited_before_and_inside_a_loop() {
  auto t = make();
  int sum = co_await std::move(t);
  while (condition())
    sum += co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-4]]:32: note: 't' was awaited here
  // CHECK-MESSAGES: :[[@LINE-3]]:31: note: 't' was awaited here, in a previous loop iteration
  co_return sum;
}

// ---- fine -------------------------------------------------------------------

value_task<int> awaited_once() {
  auto t = make();
  co_return co_await std::move(t);
}

value_task<int> awaited_in_exclusive_if_else_arms() {
  auto t = make();
  if (condition())
    co_return co_await std::move(t) + 1;
  else
    co_return co_await std::move(t) + 2;
}

value_task<int> branch_ending_in_co_return() {
  auto t = make();
  if (condition()) {
    int a = co_await std::move(t);
    co_return a;
  }
  co_return co_await std::move(t);
}

value_task<int> loop_breaks_right_after_the_await() {
  auto t = make();
  int result = 0;
  for (;;) {
    result = co_await std::move(t);
    break;
  }
  co_return result;
}

value_task<int> task_declared_inside_the_loop_body(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    auto t = make();
    sum += co_await std::move(t);
  }
  co_return sum;
}

value_task<int> reassigned_from_a_fresh_task_between_awaits() {
  auto t = make();
  int a = co_await std::move(t);
  t = make();
  int b = co_await std::move(t);
  co_return a + b;
}

value_task<int> reassigned_in_a_loop_before_each_await(int n) {
  value_task<int> t;
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    t = make();
    sum += co_await std::move(t);
  }
  co_return sum;
}

value_task<int> two_different_tasks() {
  auto t = make();
  auto u = make();
  co_return co_await std::move(t) + co_await std::move(u);
}

value_task<int> preserved_shared_task_awaited_many_times() {
  auto shared = make().preserve();
  int a = co_await shared;
  int b = co_await shared;
  for (int i = 0; i < 3; ++i)
    a += co_await shared;
  co_return a + b;
}

struct ready_awaitable {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() noexcept { return 1; }
};

value_task<int> other_awaitable_types() {
  ready_awaitable r;
  int a = co_await r;
  a += co_await r;
  co_await std::suspend_never{};
  co_return a;
}

value_task<void> implicit_initial_and_final_suspends_only() { co_return; }

value_task<int> unreachable_second_await() {
  auto t = make();
  int a = co_await std::move(t);
  co_return a;
  co_return co_await std::move(t);
}

value_task<int> observers_between_awaits_are_not_consumptions() {
  auto t = make();
  if (t.is_completed() && t.is_completed_successfully() && !t.is_faulted())
    co_return co_await std::move(t);
  co_return 0;
}

value_task<int> sizeof_and_decltype_are_unevaluated() {
  auto t = make();
  static_assert(sizeof(t) > 0);
  decltype(std::move(t)) same = std::move(t);
  co_return co_await std::move(same);
}
