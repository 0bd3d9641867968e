// Found by vtfuzz: std::ranges::swap exchanges two tasks like std::swap.
// (It was taken for a consumption of both.)
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:'
#include <valuetask/value_task.hpp>
#include <concepts>
#include <utility>

valuetask::value_task<int> make();
void take_value(valuetask::value_task<int> t);
void observe(const valuetask::value_task<int> &t);

valuetask::value_task<int> swapped_with_a_fresh_one() {
  auto t = make();
  auto u = make();
  int a = co_await std::move(t);
  // CHECK-DAG: :[[@LINE-1]]:30: note: 't' was awaited here
  std::ranges::swap(t, u);
  a += co_await std::move(t);
  a += co_await std::move(u); // u holds the awaited one now
  // CHECK-DAG: :[[@LINE-1]]:27: warning: task 'u' is awaited more than once{{.*}}[valuetask-double-await]
  co_return a;
}
