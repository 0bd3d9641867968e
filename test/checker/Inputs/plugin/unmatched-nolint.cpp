#include "value_task.h"

valuetask::value_task<int> make();

// NOLINTBEGIN(valuetask-double-await)
valuetask::value_task<int> awaits_twice() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  co_return a + b;
}
// NOLINTEND(valuetask-multiple-consumers)
