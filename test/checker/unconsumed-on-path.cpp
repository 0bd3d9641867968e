// RUN: %check_valuetask %s --checks='-*,valuetask-unconsumed-on-path' -- -I%inputs
// RUN: %check_valuetask_compiler %s --checks='-*,valuetask-unconsumed-on-path' -- -I%inputs
// Off by default: `valuetask-*` alone does not run it (and the other checks
// have nothing to say here).
// RUN: %check_valuetask %s --prefix=DEFAULT-GLOB -- -I%inputs
// RUN: %check_valuetask_compiler %s --prefix=DEFAULT-GLOB -- -I%inputs

#include "value_task.h"
#include <exception>
#include <stdexcept>

using valuetask::value_task;

value_task<int> make();
bool condition();
void consume(value_task<int> t);
void observe(const value_task<int> &t);
void remember(value_task<int> *t);

// ---- flagged ----------------------------------------------------------------

value_task<int> early_co_return_forgets_the_started_task() {
  auto t = make();
  if (condition())
    co_return -1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
  // CHECK-MESSAGES: :[[@LINE+1]]:32: note: 't' is awaited here, on another path
  co_return co_await std::move(t);
}

value_task<int> throw_forgets_the_started_task() {
  auto t = make();
  if (condition())
    throw std::runtime_error("bad input");
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
  // CHECK-MESSAGES: :[[@LINE+1]]:32: note: 't' is awaited here, on another path
  co_return co_await std::move(t);
}

int early_return_in_an_ordinary_function() {
  auto t = make();
  if (condition())
    return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
  consume(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: note: 't' is passed to 'consume' here, on another path
  return 1;
}

value_task<int> consumed_on_one_branch_only() {
  auto t = make();
  int v = 0;
  if (condition())
    v = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: note: 't' is awaited here, on another path
  co_return v;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
}

void consumed_in_an_inner_scope_on_one_path() {
  {
    auto t = make();
    if (condition())
      consume(std::move(t));
    // CHECK-MESSAGES: :[[@LINE-1]]:25: note: 't' is passed to 'consume' here, on another path
  }
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
}

value_task<int> loop_that_may_not_reach_the_await(int n) {
  auto t = make();
  for (int i = 0; i < n; ++i) {
    if (condition()) {
      co_await std::move(t);
      // CHECK-MESSAGES: :[[@LINE-1]]:26: note: 't' is awaited here, on another path
      break;
    }
  }
  co_return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
}

value_task<int> parameter_dropped_on_an_early_exit(value_task<int> p) {
  if (condition())
    co_return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task 'p' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
  co_return co_await std::move(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: note: 'p' is awaited here, on another path
}

value_task<int> two_consumers_on_two_paths_and_a_third_path_without() {
  auto t = make();
  if (condition())
    co_return co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:34: note: 't' is awaited here, on another path
  if (condition()) {
    consume(std::move(t));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: note: 't' is passed to 'consume' here, on another path
    co_return 1;
  }
  co_return 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
}

#define BAIL_OUT_IF(c) if (c) co_return -1

value_task<int> exit_in_a_macro_is_reported_at_the_expansion() {
  auto t = make();
  BAIL_OUT_IF(condition());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
  co_return co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: note: 't' is awaited here, on another path
}

// Instantiated twice, reported once.
template <class T> value_task<T> dropped_in_a_template(value_task<T> t) {
  if (condition())
    co_return T{};
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
  co_return co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: note: 't' is awaited here, on another path
}
template value_task<int> dropped_in_a_template(value_task<int>);
template value_task<long> dropped_in_a_template(value_task<long>);

void pointer_to_the_task_is_the_task_itself() {
  auto t = make();
  value_task<int> *p = &t;
  if (condition())
    consume(std::move(*p));
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: task 't' is dropped here without being consumed, though another path consumes it; consume it on this path too, or before the paths part [valuetask-unconsumed-on-path]
// CHECK-MESSAGES: :[[@LINE-3]]:23: note: '*p' is passed to 'consume' here, on another path

// ---- fine -------------------------------------------------------------------

value_task<int> consumed_on_every_path() {
  auto t = make();
  if (condition())
    co_return co_await std::move(t) + 1;
  co_return co_await std::move(t);
}

value_task<int> early_exit_that_awaits_first() {
  auto t = make();
  if (!t.is_completed()) {
    int v = co_await std::move(t);
    co_return v;
  }
  co_return std::move(t).result();
}

// Never consumed on any path: not this check's business ([[nodiscard]] and
// intent cover a task that is only started).
void never_consumed() {
  auto t = make();
  observe(t);
}

value_task<int> moved_on_every_path() {
  auto t = make();
  if (condition()) {
    auto u = std::move(t);
    co_return co_await std::move(u);
  }
  consume(std::move(t));
  co_return 0;
}

value_task<int> returned_or_awaited(bool hand_over) {
  auto t = make();
  if (hand_over)
    co_return 1 + co_await std::move(t);
  co_return co_await std::move(t);
}

value_task<int> returned_unawaited_from_an_ordinary_function() {
  auto t = make();
  if (condition())
    return t;
  consume(std::move(t));
  return make();
}

void address_handed_to_unknown_code_stops_the_analysis() {
  auto t = make();
  remember(&t);
  if (condition())
    consume(std::move(t));
}

value_task<int> reassigned_task_is_a_new_task() {
  auto t = make();
  co_await std::move(t);
  t = make(); // a new task, never consumed: not this check's business
  co_return 0;
}

void exit_by_a_noreturn_call() {
  auto t = make();
  if (condition())
    std::terminate();
  consume(std::move(t));
}

template <class Task> value_task<int> uninstantiated_template(Task t) {
  if (condition())
    co_return 0;
  co_return co_await std::move(t);
}

int unreachable_exit() {
  auto t = make();
  consume(std::move(t));
  return 0;
  return 1;
}
