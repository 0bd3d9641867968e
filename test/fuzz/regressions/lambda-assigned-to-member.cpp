// Found by vtfuzz (seed 1, programs 21, 38, 42, ...): a lambda that captures
// a task by reference and is assigned to an existing std::function (a data
// member, a global) escapes exactly like one converted to std::function in a
// declaration or returned, which DESIGN.md section 2 lists under
// valuetask-stored-task; the check used to flag the latter two only.
// RUN: %tidy --checks='-*,valuetask-stored-task' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

#include <functional>

valuetask::value_task<int> make();
struct holder {
  std::function<bool()> f;
};
std::function<bool()> g_fn;

valuetask::value_task<int> lambda_assigned_to_member(holder &s) {
  auto t = make();
  s.f = [&t] { return t.is_completed(); };
  // CHECK: :[[@LINE-1]]:9: warning: task is stored in a lambda capture that escapes this function{{.*}}[valuetask-stored-task]
  co_return co_await std::move(t);
}

valuetask::value_task<int> lambda_assigned_to_global() {
  auto t = make();
  g_fn = [&t] { return t.is_completed(); };
  // CHECK: :[[@LINE-1]]:10: warning: task is stored in a lambda capture that escapes this function{{.*}}[valuetask-stored-task]
  co_return co_await std::move(t);
}

// Flagged today, for comparison.
valuetask::value_task<int> lambda_converted_in_declaration() {
  auto t = make();
  std::function<bool()> f = [&t] { return t.is_completed(); };
  // CHECK: :[[@LINE-1]]:29: warning: task is stored in a lambda capture that escapes this function{{.*}}[valuetask-stored-task]
  co_return co_await std::move(t);
}
