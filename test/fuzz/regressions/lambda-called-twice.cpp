// Found by vtfuzz: a lambda that captures a task by reference and consumes
// it consumes it at each call. Open: the second call is not reported.
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
// XFAIL: *
#include <valuetask/value_task.hpp>

valuetask::value_task<int> make();
void take_value(valuetask::value_task<int> t);
void observe(const valuetask::value_task<int> &t);

void called_twice() {
  auto t = make();
  auto l = [&t] { take_value(std::move(t)); };
  l();
  // CHECK-DAG: :[[@LINE-1]]:3: note: 't' was {{.*}} here
  l();
  // CHECK-DAG: :[[@LINE-1]]:3: warning: task 't' is {{.*}} after it was already consumed{{.*}}[valuetask-multiple-consumers]
}
