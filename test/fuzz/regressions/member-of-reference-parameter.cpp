// Found while extending vtfuzz to members: DESIGN.md section 2 lists "a
// member awaited twice" under valuetask-double-await. A member of *this is
// tracked; a member reached through another object (s.m, s a reference
// parameter) is a sub-object, which docs/checks/double-await.md lists as a
// limitation ("sub-objects are not tracked one by one"). Pinned as it is:
// no warning. When the checker tracks it, expect the warning below instead
// (and turn on a ref_member construct in vtfuzz).
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --allow-empty --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

struct holder {
  valuetask::value_task<int> m;
};

valuetask::value_task<int> member_of_reference_parameter_awaited_twice(holder &s) {
  int a = co_await std::move(s.m);
  a += co_await std::move(s.m);
  // When tracked: warning: task 'm' is awaited more than once [valuetask-double-await]
  co_return a;
}
