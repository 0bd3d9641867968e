// Compile-fail tests of misuse the type system catches: each case is
// compiled on its own with -DCASE_<name>; CMake expects the compilation to
// fail with the message that names the fix. With no case defined the file
// must compile (the control).
#include <utility>
#include <vector>

#include <valuetask/value_task.hpp>

using valuetask::value_task;

value_task<int> answer() { co_return 42; }

value_task<int> consumer() {
  value_task<int> t = answer();
#if defined(CASE_lvalue_co_await)
  co_return co_await t;
#elif defined(CASE_copy_construct)
  value_task<int> copy = t;
  co_return co_await std::move(copy);
#elif defined(CASE_copy_assign)
  value_task<int> copy;
  copy = t;
  co_return co_await std::move(copy);
#elif defined(CASE_lvalue_result)
  co_return t.result();
#elif defined(CASE_lvalue_preserve)
  const valuetask::shared_task<int> shared = t.preserve();
  co_return co_await shared;
#elif defined(CASE_lvalue_sync_wait)
  co_return valuetask::sync_wait(t);
#elif defined(CASE_lvalue_when_all)
  auto [value] = co_await valuetask::when_all(t);
  co_return value;
#elif defined(CASE_lvalue_when_any)
  auto [index, value] = co_await valuetask::when_any(t, answer());
  co_return value + static_cast<int>(index);
#elif defined(CASE_lvalue_when_all_range)
  std::vector<value_task<int>> tasks;
  tasks.push_back(std::move(t));
  co_return (co_await valuetask::when_all(tasks)).front();
#else
  co_return co_await std::move(t);
#endif
}

int main() { return valuetask::sync_wait(consumer()) == 42 ? 0 : 1; }
