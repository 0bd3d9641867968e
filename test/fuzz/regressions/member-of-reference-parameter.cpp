// Found while extending vtfuzz to members: DESIGN.md section 2 lists "a
// member awaited twice" under valuetask-double-await. A member of *this is
// tracked; a member reached through a reference parameter (s.m) is not.
// XFAIL until the checker tracks members of other objects: remove the XFAIL
// line then (and turn on vtfuzz's ref_member construct).
// XFAIL: *
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

struct holder {
  valuetask::value_task<int> m;
};

valuetask::value_task<int> member_of_reference_parameter_awaited_twice(holder &s) {
  int a = co_await std::move(s.m);
  // CHECK: :[[@LINE-1]]:30: note: 'm' was awaited here
  a += co_await std::move(s.m);
  // CHECK: :[[@LINE-1]]:27: warning: task 'm' is awaited more than once{{.*}}[valuetask-double-await]
  co_return a;
}
