// Found by vtfuzz: a lambda that captures a task by reference and consumes
// it consumes it at each call: the second call warns, with a note at the
// first.
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

valuetask::value_task<int> make();
void take_value(valuetask::value_task<int> t);
void observe(const valuetask::value_task<int> &t);

void called_twice() {
  auto t = make();
  auto l = [&t] { take_value(std::move(t)); };
  l();
  // CHECK-DAG: :[[@LINE-1]]:3: note: 't' was consumed by a call of 'l' here
  l();
  // CHECK-DAG: :[[@LINE-1]]:3: warning: task 't' is consumed by a call of 'l' after it was already consumed{{.*}}[valuetask-multiple-consumers]
}

void called_in_a_loop(int n) {
  auto t = make();
  auto l = [&t] { take_value(std::move(t)); };
  for (int i = 0; i < n; ++i)
    l();
  // CHECK-DAG: :[[@LINE-1]]:5: warning: task 't' is consumed by a call of 'l' after it was already consumed{{.*}}[valuetask-multiple-consumers]
  // CHECK-DAG: :[[@LINE-2]]:5: note: 't' was consumed by a call of 'l' here, in a previous loop iteration
}

void called_on_one_path_only(bool c) {
  auto t = make();
  auto l = [&t] { take_value(std::move(t)); };
  if (c)
    l();
  else
    take_value(std::move(t));
}
