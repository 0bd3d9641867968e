// No findings: each task is consumed exactly once, sharing goes through preserve().
#include <utility>

#include <valuetask/value_task.hpp>

valuetask::value_task<int> answer() { co_return 42; }

valuetask::value_task<int> awaited_once() {
  valuetask::value_task<int> t = answer();
  co_return co_await std::move(t);
}

valuetask::value_task<int> shared_on_purpose() {
  auto shared = answer().preserve();
  int a = co_await shared;
  int b = co_await shared;
  co_return a + b;
}
