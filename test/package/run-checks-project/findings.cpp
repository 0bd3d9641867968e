// Two findings here, one in shared.hpp.
#include <utility>

#include "shared.hpp"

valuetask::value_task<int> answer() { co_return 42; }

valuetask::value_task<int> awaited_twice() {
  valuetask::value_task<int> t = answer();
  int a = co_await std::move(t);
  int b = co_await std::move(t); // valuetask-double-await
  co_return a + b;
}

valuetask::value_task<int> global_task;

void stores_a_task() {
  global_task = answer(); // valuetask-stored-task
}
