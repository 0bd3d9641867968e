// clang -Wconsumed on value_task: each CASE_ double-consumes a local and
// must fail `clang++ -Wconsumed -Werror`; with no case defined, every
// function consumes each task once and the file must compile cleanly.
#include <utility>

#include <valuetask/value_task.hpp>

using valuetask::value_task;

value_task<int> answer() { co_return 42; }

int result_once() {
  value_task<int> t = answer();
  int sum = std::move(t).result();
#if defined(CASE_result_twice)
  sum += std::move(t).result();
#endif
  return sum;
}

value_task<int> await_once() {
  value_task<int> t = answer();
  int sum = co_await std::move(t);
#if defined(CASE_co_await_twice)
  sum += co_await std::move(t);
#endif
  co_return sum;
}

int preserve_once() {
  value_task<int> t = answer();
  const valuetask::shared_task<int> shared = std::move(t).preserve();
#if defined(CASE_result_after_preserve)
  return std::move(t).result();
#endif
  return shared.result();
}

int sync_wait_once() {
  value_task<int> t = answer();
  int sum = valuetask::sync_wait(std::move(t));
#if defined(CASE_sync_wait_twice)
  sum += valuetask::sync_wait(std::move(t));
#endif
  return sum;
}

value_task<int> when_all_once() {
  value_task<int> t = answer();
  auto [sum] = co_await valuetask::when_all(std::move(t));
#if defined(CASE_co_await_after_when_all)
  sum += co_await std::move(t);
#endif
  co_return sum;
}

int await_after_move() {
  value_task<int> t = answer();
  value_task<int> moved_to = std::move(t);
#if defined(CASE_result_after_move)
  return std::move(t).result();
#endif
  return std::move(moved_to).result();
}

int consumed_in_loop() {
  value_task<int> t = answer();
  int sum = 0;
#if defined(CASE_result_in_loop)
  for (int i = 0; i < 2; ++i) sum += std::move(t).result();
#else
  sum = std::move(t).result();
#endif
  return sum;
}

// Reassigning a consumed local starts it afresh: no warning.
int reassigned_after_consumption() {
  value_task<int> t = answer();
  int sum = std::move(t).result();
  t = answer();
  sum += std::move(t).result();
  return sum;
}

// Consumption on exclusive branches: no warning.
int consumed_on_either_branch(bool flag) {
  value_task<int> t = answer();
  if (flag) return std::move(t).result();
  return valuetask::sync_wait(std::move(t));
}

int main() {
  return result_once() + preserve_once() + sync_wait_once() + await_after_move() + consumed_in_loop() +
                 reassigned_after_consumption() + consumed_on_either_branch(true) +
                 valuetask::sync_wait(await_once()) + valuetask::sync_wait(when_all_once()) ==
                 42 * 10
             ? 0
             : 1;
}
