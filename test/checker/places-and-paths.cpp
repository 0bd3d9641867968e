// Task objects beyond named locals, exception paths, swaps, lambdas called
// by reference, test-framework assertion macros and correlated conditions.
// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "value_task.h"
#include <concepts>
#include <optional>
#include <utility>
#include <functional>
#include <vector>

using valuetask::value_task;

value_task<int> make();
bool condition();
void consume(value_task<int> task);
void observe(const value_task<int> &task);

// ---- places -----------------------------------------------------------------

value_task<int> container_element_with_a_constant_index_awaited_twice(std::vector<value_task<int>> tasks) {
  int a = co_await std::move(tasks[0]);
  co_return a + co_await std::move(tasks[0]);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 'tasks[0]' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'tasks[0]' was awaited here
}

value_task<int> different_elements_are_different_places(std::vector<value_task<int>> tasks) {
  int a = co_await std::move(tasks[0]);
  co_return a + co_await std::move(tasks[1]);
}

value_task<int> pair_member_awaited_twice() {
  std::pair<value_task<int>, int> p{make(), 1};
  int a = co_await std::move(p.first);
  co_return a + co_await std::move(p.first);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 'p.first' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'p.first' was awaited here
}

value_task<int> awaited_through_a_pointer_then_by_name() {
  auto t = make();
  value_task<int> *p = &t;
  int a = co_await std::move(*p);
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: '*p' was awaited here
}

value_task<int> pointer_handed_to_unknown_code_stops_judging(void (*refill)(value_task<int> *)) {
  auto t = make();
  value_task<int> *p = &t;
  int a = co_await std::move(t);
  refill(p);
  co_return a + co_await std::move(t);
}

value_task<int> optional_value_awaited_twice() {
  std::optional<value_task<int>> o = make();
  int a = co_await std::move(*o);
  co_return a + co_await std::move(o.value());
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 'o.value()' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: '*o' was awaited here
}

value_task<int> optional_refilled_by_emplace() {
  std::optional<value_task<int>> o = make();
  int a = co_await std::move(*o);
  o.emplace(make());
  co_return a + co_await std::move(*o);
}

struct request {
  value_task<int> reply;
  int id;
};

value_task<int> member_of_a_local_struct_awaited_twice() {
  request r{make(), 1};
  int a = co_await std::move(r.reply);
  co_return a + co_await std::move(r.reply);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 'r.reply' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'r.reply' was awaited here
}

value_task<int> structured_binding_awaited_twice() {
  auto [reply, id] = request{make(), 1};
  int a = co_await std::move(reply);
  co_return a + id + co_await std::move(reply);
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: task 'reply' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'reply' was awaited here
}

struct client {
  std::vector<value_task<int>> tasks;
};

value_task<int> local_container_handed_to_when_all_twice() {
  client c;
  c.tasks.emplace_back(make());
  co_await valuetask::when_all(std::move(c.tasks[0]));
  co_return co_await valuetask::when_all(std::move(c.tasks[0]));
  // CHECK-MESSAGES: :[[@LINE-1]]:52: warning: task 'c.tasks[0]' is passed to 'when_all' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:42: note: 'c.tasks[0]' was passed to 'when_all' here
}

struct holder {
  value_task<int> m;
};

value_task<int> member_of_a_reference_parameter_awaited_twice(holder &s) {
  int a = co_await std::move(s.m);
  a += co_await std::move(s.m);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: task 's.m' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 's.m' was awaited here
  co_return a;
}

// ---- exception paths --------------------------------------------------------

void consumed_in_try_and_again_in_catch() {
  auto t = make();
  try {
    consume(std::move(t));
  } catch (...) {
    consume(std::move(t));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: task 't' is passed to 'consume' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 't' was passed to 'consume' here
  }
}

void consumed_only_in_the_handler() {
  auto t = make();
  try {
    observe(t);
  } catch (...) {
    consume(std::move(t));
  }
}

value_task<int> awaited_in_try_and_consumed_in_the_handler() {
  auto t = make();
  int a = 0;
  try {
    a = co_await std::move(t);
  } catch (...) {
    // The await consumed the task before its result could throw.
    consume(std::move(t));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: task 't' is passed to 'consume' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
    // CHECK-MESSAGES: :[[@LINE-5]]:28: note: 't' was awaited here
  }
  co_return a;
}

void consumed_in_try_and_after_it() {
  auto t = make();
  try {
    consume(std::move(t));
  } catch (...) {
  }
  consume(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: task 't' is passed to 'consume' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-5]]:23: note: 't' was passed to 'consume' here
}

void retried_until_it_works(int attempts) {
  auto t = make();
  for (int i = 0; i < attempts; ++i) {
    try {
      consume(std::move(t));
      // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: task 't' is passed to 'consume' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
      // CHECK-MESSAGES: :[[@LINE-2]]:25: note: 't' was passed to 'consume' here, in a previous loop iteration
      break;
    } catch (...) {
    }
  }
}

int result_read_in_a_handler() {
  auto t = make();
  try {
    observe(t);
  } catch (...) {
    return std::move(t).result();
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: result of task 't' is read before it is known to be complete; co_await it, or check t.is_completed() first [valuetask-result-before-completion]
    // CHECK-MESSAGES: :[[@LINE-6]]:12: note: 't' was made here, and may still be running
  }
  return 0;
}

// ---- swap and exchange ------------------------------------------------------

value_task<int> swapped_then_each_awaited_once() {
  auto t = make();
  auto u = make();
  int a = co_await std::move(t);
  std::swap(t, u);
  co_return a + co_await std::move(t);
}

value_task<int> swapped_back_the_consumed_one() {
  auto t = make();
  auto u = make();
  int a = co_await std::move(t);
  std::swap(u, t);
  co_return a + co_await std::move(u);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 'u' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-4]]:30: note: 't' was awaited here
}

// What a consumption leaves in a place is kept while a later consumption of
// that place can still run: across swaps, and around a loop.
value_task<int> swapped_twice_then_awaited_again() {
  auto t = make();
  auto u = make();
  int a = co_await std::move(t);
  std::swap(t, u);
  a += co_await std::move(t);
  std::swap(t, u);
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: 't' was awaited here
}

value_task<int> awaited_each_time_round_among_other_tasks(int n) {
  auto t = make();
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    sum += co_await std::move(t);
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
    // CHECK-MESSAGES: :[[@LINE-2]]:31: note: 't' was awaited here, in a previous loop iteration
    auto u = make();
    sum += co_await std::move(u);
    auto w = make();
    consume(std::move(w));
  }
  co_return sum;
}

value_task<int> exchanged_for_a_fresh_task() {
  auto t = make();
  auto old = std::exchange(t, make());
  int a = co_await std::move(old);
  co_return a + co_await std::move(t);
}

value_task<int> emptied_is_not_consumed() {
  auto t = make();
  t = {};
  t = make();
  co_return co_await std::move(t);
}

value_task<int> ranges_swapped_then_each_awaited_once() {
  auto t = make();
  auto u = make();
  int a = co_await std::move(t);
  std::ranges::swap(t, u);
  a += co_await std::move(t);
  co_return a;
}

struct task_pair {
  value_task<int> first, second;
};

int aggregate_cleared_then_member_read() {
  task_pair p{make(), valuetask::from_result(1)};
  p = {};
  return std::move(p.second).result();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: result of task 'p.second' is read before it is known to be complete; co_await it, or check p.second.is_completed() first [valuetask-result-before-completion]
  // CHECK-MESSAGES: :[[@LINE-3]]:7: note: 'p.second' holds no task: it was default-constructed here
}

int aggregate_cleared_then_member_made_ready() {
  task_pair p{make(), make()};
  p = {};
  p.second = valuetask::from_result(2);
  return std::move(p.second).result();
}

int optional_assigned_a_ready_task_then_read() {
  std::optional<value_task<int>> o = make();
  o = valuetask::from_result(3);
  int a = std::move(*o).result();
  o = value_task<int>(4);
  return a + std::move(o).value().result();
}

int optional_assigned_a_made_task_then_read() {
  std::optional<value_task<int>> o = valuetask::from_result(3);
  o = make();
  return std::move(*o).result();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: result of task '*o' is read before it is known to be complete; co_await it, or check o->is_completed() first [valuetask-result-before-completion]
  // CHECK-MESSAGES: :[[@LINE-3]]:7: note: '*o' was made here, and may still be running
}

task_pair make_pair_of_tasks();

int aggregate_assigned_from_a_call_then_member_read() {
  task_pair p{make(), valuetask::from_result(1)};
  p = make_pair_of_tasks();
  return std::move(p.second).result();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: result of task 'p.second' is read before it is known to be complete; co_await it, or check p.second.is_completed() first [valuetask-result-before-completion]
  // CHECK-MESSAGES: :[[@LINE-3]]:7: note: 'p.second' was made here, and may still be running
}

int structured_binding_of_a_call_read() {
  auto [first, second] = make_pair_of_tasks();
  return std::move(second).result();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: result of task 'second' is read before it is known to be complete; co_await it, or check second.is_completed() first [valuetask-result-before-completion]
  // CHECK-MESSAGES: :[[@LINE-3]]:26: note: 'second' was made here, and may still be running
}

int aggregate_from_its_parts_has_no_origin() {
  task_pair p{make(), valuetask::from_result(1)};
  return std::move(p.second).result();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: result of task 'p.second' is read before it is known to be complete; co_await it, or check p.second.is_completed() first [valuetask-result-before-completion]
}

// ---- lambdas capturing by reference -----------------------------------------

int lambda_called_on_one_path_only() {
  auto t = make();
  auto finish = [&] { return std::move(t).result(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: result of task 't' is read before it is known to be complete; co_await it, or check t.is_completed() first [valuetask-result-before-completion]
  if (condition())
    return finish();
  return valuetask::sync_wait(std::move(t));
}

void lambda_called_twice() {
  auto t = make();
  auto finish = [&] { consume(std::move(t)); };
  finish();
  finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 't' is consumed by a call of 'finish' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 't' was consumed by a call of 'finish' here
}

void lambda_called_twice_in_one_expression() {
  auto t = make();
  auto finish = [&] { consume(std::move(t)); return 1; };
  int a = finish();
  a += finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: task 't' is consumed by a call of 'finish' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: 't' was consumed by a call of 'finish' here
}

void lambda_called_in_a_loop(int n) {
  auto t = make();
  auto finish = [&] { consume(std::move(t)); };
  for (int i = 0; i < n; ++i)
    finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task 't' is consumed by a call of 'finish' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-2]]:5: note: 't' was consumed by a call of 'finish' here, in a previous loop iteration
}

void lambda_called_once_on_each_path() {
  auto t = make();
  auto finish = [&] { consume(std::move(t)); };
  if (condition())
    finish();
  else
    finish();
}

void lambda_refills_what_it_captures() {
  auto t = make();
  auto refill = [&] { t = make(); };
  consume(std::move(t));
  refill();
  consume(std::move(t));
}

void lambda_defined_but_never_called() {
  auto t = make();
  auto finish = [&] { consume(std::move(t)); };
  consume(std::move(t));
}

// ---- calls through std::invoke and function pointers ------------------------

void take_by_const_ref(const value_task<int> &task);

void invoke_decides_by_the_parameter() {
  auto t = make();
  std::invoke(take_by_const_ref, t);
  std::invoke(consume, std::move(t));
  std::invoke(consume, std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: task 't' is passed to 'consume' after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:34: note: 't' was passed to 'consume' here
}

void function_pointer_observer(void (*look)(const value_task<int> &)) {
  auto t = make();
  look(t);
  look(t);
  consume(std::move(t));
}

// ---- correlated conditions --------------------------------------------------

value_task<int> consumed_under_opposite_values_of_one_flag(bool fast) {
  auto t = make();
  int a = 0;
  if (fast)
    a = co_await std::move(t);
  a += 1;
  if (!fast)
    a += co_await std::move(t);
  co_return a;
}

value_task<int> flag_changed_in_between_still_warns() {
  auto t = make();
  bool fast = condition();
  int a = 0;
  if (fast)
    a = co_await std::move(t);
  fast = !fast;
  if (!fast)
    a += co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-5]]:28: note: 't' was awaited here
  co_return a;
}

value_task<int> loop_behind_a_contradicting_test(bool c) {
  auto t = make();
  int a = 0;
  if (c) {
    a += 1;
  } else {
    while (c)
      a += co_await std::move(t);
  }
  co_return a;
}
