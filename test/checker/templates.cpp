// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "value_task.h"

using valuetask::value_task;

// Instantiated twice, reported once: the event is one place in the source.
template <class T> value_task<T> awaited_twice_in_a_template(value_task<T> t) {
  T a = co_await std::move(t);
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: 't' was awaited here
}

template value_task<int> awaited_twice_in_a_template(value_task<int>);
template value_task<long> awaited_twice_in_a_template(value_task<long>);

template <class T> struct holder {
  value_task<T> t_;
  value_task<T> drain() {
    co_await std::move(t_);
    co_return co_await std::move(t_);
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: task 't_' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
    // CHECK-MESSAGES: :[[@LINE-3]]:24: note: 't_' was awaited here
  }
};

value_task<int> use_holders(holder<int> &a, holder<long> &b) {
  co_return co_await a.drain() + co_await b.drain();
}

// Never instantiated: dependent code is skipped, not guessed at.
template <class Task> value_task<int> uninstantiated_template(Task t) {
  int a = co_await std::move(t);
  co_return a + co_await std::move(t);
}

template <class T> value_task<int> uninstantiated_with_a_concrete_task() {
  value_task<int> t = value_task<int>(T{});
  int a = co_await std::move(t);
  co_return a + co_await std::move(t);
}
