// Found by vtfuzz: `d = {}` leaves every task member of the aggregate empty,
// and `d = make_duo()` gives each a task made by that call, so a result()
// read of a member warns with the note on the assignment.
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

valuetask::value_task<int> make();

struct duo {
  valuetask::value_task<int> a, b;
};

int read_after_clear() {
  duo d{make(), valuetask::from_result(1)};
  d = {};
  return std::move(d.b).result();
  // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: result of task 'd.b' is read before it is known to be complete{{.*}}[valuetask-result-before-completion]
  // CHECK: :[[@LINE-3]]:{{[0-9]+}}: note: 'd.b' holds no task: it was default-constructed here
}

duo make_duo();

int read_after_assigning_a_call() {
  duo d{make(), valuetask::from_result(1)};
  d = make_duo();
  return std::move(d.b).result();
  // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: result of task 'd.b' is read before it is known to be complete{{.*}}[valuetask-result-before-completion]
  // CHECK: :[[@LINE-3]]:{{[0-9]+}}: note: 'd.b' was made here, and may still be running
}
