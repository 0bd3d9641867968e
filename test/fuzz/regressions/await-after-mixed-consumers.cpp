// Pinned from vtfuzz: an await reached by one path on which the task was only
// awaited before, and by another on which it was passed to result(). Both
// valuetask-double-await and valuetask-multiple-consumers describe a path;
// DESIGN.md does not say which wins. The checker reports one warning per
// consumption: multiple-consumers as soon as any earlier consumption reaching
// it is not an await, with a note at every one of them. The fuzzer's oracle
// does the same (vtfuzz.py --rule union, the default).
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

valuetask::value_task<int> make();

valuetask::value_task<int> await_reached_by_await_and_by_result(bool c) {
  auto t = make();
  int a = co_await std::move(t);
  // CHECK-DAG: :[[@LINE-1]]:30: note: 't' was awaited here
  if (c) {
    a += std::move(t).result();
    // CHECK-DAG: :[[@LINE-1]]:{{[0-9]+}}: warning: task 't' is consumed by result() after it was already consumed{{.*}}[valuetask-multiple-consumers]
    // CHECK-DAG: :[[@LINE-2]]:{{[0-9]+}}: note: 't' was consumed by result() here
  }
  a += co_await std::move(t);
  // CHECK-DAG: :[[@LINE-1]]:27: warning: task 't' is awaited after it was already consumed{{.*}}[valuetask-multiple-consumers]
  co_return a;
}

valuetask::value_task<int> await_reached_by_awaits_only(bool c) {
  auto t = make();
  int a = 0;
  if (c)
    a += co_await std::move(t);
  a += co_await std::move(t);
  // CHECK-DAG: :[[@LINE-1]]:27: warning: task 't' is awaited more than once{{.*}}[valuetask-double-await]
  co_return a;
}
