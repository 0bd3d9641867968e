// Pinned from vtfuzz (seed 1, program 11): valuetask-stored-task is
// syntactic, it warns on a store that no path reaches, while the consumption
// checks stay silent in unreachable code (DESIGN.md section 2, "code that no
// path reaches does not warn", is written for the flow analysis). The oracle
// models stores the same way (vtfuzz.py Oracle.dead_stores).
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>

#include <vector>

valuetask::value_task<int> make();
struct holder {
  std::vector<valuetask::value_task<int>> v;
};

valuetask::value_task<int> store_after_co_return(holder &s) {
  auto t = make();
  int a = co_await std::move(t);
  co_return a;
  s.v.push_back(make());
  // CHECK: :[[@LINE-1]]:7: warning: task is stored in container 'v'{{.*}}[valuetask-stored-task]
  a += co_await std::move(t);
}
