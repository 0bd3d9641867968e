// Found by vtfuzz: a branch on an unwritten bool that contradicts an earlier
// test of it is never taken, so nothing behind it warns.
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:' --allow-empty
#include <valuetask/value_task.hpp>

valuetask::value_task<int> make();
void take_value(valuetask::value_task<int> t);
void observe(const valuetask::value_task<int> &t);

valuetask::value_task<int> loop_that_never_runs(bool c) {
  auto t = make();
  int acc = 0;
  if (c) {
    acc += 1;
  } else {
    while (c) {
      acc += co_await std::move(t);
    }
  }
  co_return acc;
}
