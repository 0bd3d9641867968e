// A header with a double await in an inline coroutine: reported only where
// the header filter selects it.
#include "value_task.h"

valuetask::value_task<int> make_in_header();

inline valuetask::value_task<int> awaits_twice_in_header() {
  auto t = make_in_header();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  co_return a + b;
}
