// Found by vtfuzz: a task's address handed to unknown code (a function taking
// a pointer, const or not) leaves where the task was made among its possible
// origins, so an early result() read still notes it.
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:' --implicit-check-not='note:'
#include <valuetask/value_task.hpp>

valuetask::value_task<int> make();
void peek(const valuetask::value_task<int> *t);
void poke(valuetask::value_task<int> *t);

int read_after_peek() {
  auto t = make();
  peek(&t);
  return std::move(t).result();
  // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: result of task 't' is read before it is known to be complete{{.*}}[valuetask-result-before-completion]
  // CHECK: :[[@LINE-4]]:12: note: 't' was made here, and may still be running
}

int read_after_poke() {
  auto t = make();
  poke(&t); // may have put another task there: both are possible
  return std::move(t).result();
  // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: result of task 't' is read before it is known to be complete{{.*}}[valuetask-result-before-completion]
  // CHECK: :[[@LINE-4]]:12: note: 't' was made here, and may still be running
}

int read_after_pointer_alias() {
  auto t = make();
  auto *p = &t;
  peek(p);
  return std::move(t).result();
  // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: result of task 't' is read before it is known to be complete{{.*}}[valuetask-result-before-completion]
  // CHECK: :[[@LINE-5]]:12: note: 't' was made here, and may still be running
}

int ready_value_stays_unknown_after_poke() {
  auto t = valuetask::from_result(1);
  poke(&t); // unknown code may have put a pending task there
  return std::move(t).result();
  // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: result of task 't' is read before it is known to be complete{{.*}}[valuetask-result-before-completion]
}

int ready_value_read_after_peek() {
  auto t = valuetask::from_result(1);
  peek(&t);
  return std::move(t).result();
  // CHECK: :[[@LINE-1]]:{{[0-9]+}}: warning: result of task 't' is read before it is known to be complete{{.*}}[valuetask-result-before-completion]
}
