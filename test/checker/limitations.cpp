// Known limitations, pinned so that a change in behaviour is noticed. Each
// is listed in the check's documentation.
// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "value_task.h"
#include <thread>
#include <utility>
#include <vector>

using valuetask::value_task;

value_task<int> make();
void consume(value_task<int> task);

// A lambda handed to a function (a thread, an executor) is not followed:
// only returning it, converting it to std::function or storing it in a
// global counts as escaping.
void lambda_passed_to_a_thread_is_not_a_store() {
  auto t = make();
  std::thread worker([&] { consume(std::move(t)); });
  worker.join();
}

// A member task is assumed untouched by co_await suspensions and by calls
// to const member functions; a non-const member call forgets what it knew.
struct member_awaited_twice_around_a_const_call {
  value_task<int> t_;
  int peek() const;

  value_task<int> run() {
    int a = co_await std::move(t_);
    a += peek();
    co_return a + co_await std::move(t_);
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: task 't_' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
    // CHECK-MESSAGES: :[[@LINE-4]]:32: note: 't_' was awaited here
  }
};

// goto loops are followed like any loop; the note cannot tell which jump
// brought it back, so it speaks of a previous loop iteration.
value_task<int> awaited_in_a_goto_loop(int n) {
  auto t = make();
  int sum = 0;
again:
  sum += co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:29: note: 't' was awaited here, in a previous loop iteration
  if (--n > 0)
    goto again;
  co_return sum;
}

