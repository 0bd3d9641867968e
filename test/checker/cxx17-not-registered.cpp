// The checks need C++20 (coroutines); on C++17 input they do not run.
// RUN: %check_valuetask %s --std=c++17 --prefix CHECK-MESSAGES-CXX17
// RUN: %check_valuetask_compiler %s --std=c++17 --prefix CHECK-MESSAGES-CXX17
// The same code as C++20 is checked:
// RUN: %check_valuetask %s --std=c++20
// RUN: %check_valuetask_compiler %s --std=c++20

#include <utility>

namespace valuetask {
template <class T> class value_task {
public:
  value_task(T);
  value_task(value_task &&) noexcept;
  T result() &&;
};
} // namespace valuetask

using valuetask::value_task;

void consume(value_task<int>);

void passed_to_two_consumers() {
  value_task<int> t(1);
  consume(std::move(t));
  consume(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: task 't' is passed to 'consume' after it was already consumed; consume it once and pass on its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:21: note: 't' was passed to 'consume' here
}

value_task<int> global_task(2);
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: task is stored in global 'global_task', where it can be awaited late or more than once; await it where it is made [valuetask-stored-task]
