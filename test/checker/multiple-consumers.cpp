// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "value_task.h"

using valuetask::value_task;

value_task<int> make();
bool condition();
void consume(value_task<int> task);
void consume_rvalue(value_task<int> &&task);
void consume_lvalue(value_task<int> &task);
void observe(const value_task<int> &task);

// ---- flagged ----------------------------------------------------------------

value_task<int> passed_to_a_consumer_then_awaited() {
  auto t = make();
  consume(std::move(t));
  co_return co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: task 't' is awaited after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:21: note: 't' was passed to 'consume' here
}

value_task<int> awaited_then_passed_on() {
  auto t = make();
  int a = co_await std::move(t);
  consume_rvalue(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: task 't' is passed to 'consume_rvalue' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  co_return a;
}

void passed_to_two_consumers() {
  auto t = make();
  consume(std::move(t));
  consume_rvalue(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: task 't' is passed to 'consume_rvalue' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:21: note: 't' was passed to 'consume' here
}

value_task<int> when_all_of_the_same_task_twice() {
  auto t = make();
  co_return co_await valuetask::when_all(std::move(t), std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:66: warning: task 't' is passed to 'when_all' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-2]]:52: note: 't' was passed to 'when_all' here
}

value_task<int> moved_into_another_task_then_awaited() {
  auto t = make();
  auto u = std::move(t);
  int a = co_await std::move(u);
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-4]]:22: note: 't' was moved into 'u' here
}

value_task<int> move_assigned_into_another_task_then_awaited() {
  auto t = make();
  value_task<int> u;
  u = std::move(t);
  co_return co_await std::move(t) + co_await std::move(u);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: task 't' is awaited after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: 't' was moved into 'u' here
}

value_task<int> preserved_after_an_await() {
  auto t = make();
  int a = co_await std::move(t);
  auto shared = std::move(t).preserve();
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: task 't' is preserved after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  co_return a + co_await shared;
}

int result_after_preserve() {
  auto t = make();
  auto shared = std::move(t).preserve();
  (void)shared;
  return std::move(t).result();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: task 't' is consumed by result() after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-4]]:27: note: 't' was preserved here
}

void non_const_reference_consumer_called_twice() {
  auto t = make();
  consume_lvalue(t);
  consume_lvalue(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: task 't' is passed to 'consume_lvalue' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 't' was passed to 'consume_lvalue' here
}

int sync_wait_after_a_lambda_consumed_it() {
  auto t = make();
  auto finish = [&] { return std::move(t).result(); };
  int a = finish();
  return a + valuetask::sync_wait(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: task 't' is passed to 'sync_wait' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: 't' was consumed by a call of 'finish' here
  // CHECK-MESSAGES: :[[@LINE-5]]:40: warning: result of task 't' is read before it is known to be complete; co_await it, or check t.is_completed() first [valuetask-result-before-completion]
}

value_task<int> consumed_in_a_loop_by_a_function(int n) {
  auto t = make();
  for (int i = 0; i < n; ++i)
    consume(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: task 't' is passed to 'consume' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-2]]:23: note: 't' was passed to 'consume' here, in a previous loop iteration
  co_return 0;
}

value_task<int> awaited_and_moved_then_awaited_is_one_warning() {
  auto t = make();
  int a = 0;
  if (condition())
    a = co_await std::move(t);
  else
    consume(std::move(t));
  // Two co_awaits plus a move: not "double await" (not every earlier one is
  // an await), so only valuetask-multiple-consumers speaks.
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-7]]:28: note: 't' was awaited here
  // CHECK-MESSAGES: :[[@LINE-6]]:23: note: 't' was passed to 'consume' here
}

// ---- fine -------------------------------------------------------------------

value_task<int> moved_into_another_task_and_only_that_one_awaited() {
  auto t = make();
  auto u = std::move(t);
  co_return co_await std::move(u);
}

value_task<int> consumer_and_await_in_exclusive_branches() {
  auto t = make();
  if (condition()) {
    consume(std::move(t));
    co_return 0;
  }
  co_return co_await std::move(t);
}

value_task<int> const_reference_observer_then_await() {
  auto t = make();
  observe(t);
  observe(t);
  co_return co_await std::move(t);
}

int is_completed_then_result() {
  auto t = make();
  if (t.is_completed())
    return std::move(t).result();
  return valuetask::sync_wait(std::move(t));
}

void swap_is_not_a_consumption() {
  auto t = make();
  auto u = make();
  std::swap(t, u);
  consume(std::move(t));
  consume(std::move(u));
}

void moved_then_reassigned_then_moved_again() {
  auto t = make();
  consume(std::move(t));
  t = make();
  consume(std::move(t));
}

void address_taken_stops_tracking(void (*reset)(value_task<int> *)) {
  auto t = make();
  consume(std::move(t));
  reset(&t);
  consume(std::move(t));
}

struct member_task_owner {
  value_task<int> t_;
  void refill();

  value_task<int> run() {
    int a = co_await std::move(t_);
    refill(); // may assign a fresh task to t_
    co_return a + co_await std::move(t_);
  }
};
