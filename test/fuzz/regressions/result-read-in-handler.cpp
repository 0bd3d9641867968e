// Found by vtfuzz: a handler is reached from every call in the try body that
// may throw, so a result() read there without a completion test warns.
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

valuetask::value_task<int> make();
void take_value(valuetask::value_task<int> t);
void observe(const valuetask::value_task<int> &t);

int read_in_handler() {
  auto t = make();
  try {
    observe(t);
  } catch (...) {
    return std::move(t).result();
    // CHECK-DAG: :[[@LINE-1]]:{{[0-9]+}}: warning: result of task 't' is read before it is known to be complete{{.*}}[valuetask-result-before-completion]
  }
  return 0;
}
