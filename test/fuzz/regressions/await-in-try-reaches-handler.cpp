// Found by vtfuzz: a co_await consumes its task before await_resume may
// rethrow the task's exception, so the handler sees the task consumed.
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

valuetask::value_task<int> make();
void take_value(valuetask::value_task<int> t);
void observe(const valuetask::value_task<int> &t);

valuetask::value_task<int> awaited_in_try_passed_in_handler() {
  auto t = make();
  int acc = 0;
  try {
    acc += co_await std::move(t);
    // CHECK-DAG: :[[@LINE-1]]:31: note: 't' was awaited here
  } catch (...) {
    take_value(std::move(t));
    // CHECK-DAG: :[[@LINE-1]]:26: warning: task 't' is passed to 'take_value' after it was already consumed{{.*}}[valuetask-multiple-consumers]
  }
  co_return acc;
}
