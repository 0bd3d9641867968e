// One double await, for tests about loading and configuration.
#include "value_task.h"

using valuetask::value_task;
value_task<int> make();

value_task<int> two_sequential_awaits() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  co_return a + b;
}
