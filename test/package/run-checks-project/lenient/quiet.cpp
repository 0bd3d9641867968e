// Its directory's .clang-tidy turns valuetask-double-await off; the stored
// task is still reported.
#include <utility>

#include <valuetask/value_task.hpp>

valuetask::value_task<int> lenient_answer() { co_return 7; }

valuetask::value_task<int> awaited_twice_here_on_purpose() {
  valuetask::value_task<int> l = lenient_answer();
  int a = co_await std::move(l);
  int b = co_await std::move(l); // valuetask-double-await, off in this directory
  co_return a + b;
}

valuetask::value_task<int> lenient_global;

void stores_here() {
  lenient_global = lenient_answer(); // valuetask-stored-task
}
