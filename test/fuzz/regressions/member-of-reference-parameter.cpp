// Found while extending vtfuzz to members: a member reached through a
// reference parameter (s.m) is a place of its own, like a member of *this:
// awaiting it twice warns, and writing a fresh task into it starts it afresh
// (that write is also a store: s is outside the function's storage).
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

valuetask::value_task<int> make();

struct holder {
  valuetask::value_task<int> m;
};

valuetask::value_task<int> member_of_reference_parameter_awaited_twice(holder &s) {
  int a = co_await std::move(s.m);
  // CHECK-DAG: :[[@LINE-1]]:30: note: 's.m' was awaited here
  a += co_await std::move(s.m);
  // CHECK-DAG: :[[@LINE-1]]:27: warning: task 's.m' is awaited more than once{{.*}}[valuetask-double-await]
  co_return a;
}

valuetask::value_task<int> member_of_reference_parameter_refilled(holder &s) {
  int a = co_await std::move(s.m);
  s.m = make();
  // CHECK-DAG: :[[@LINE-1]]:7: warning: {{.*}}[valuetask-stored-task]
  a += co_await std::move(s.m);
  co_return a;
}
