// Options that let legitimate code through. Defaults first:
// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs
// With the escape hatches configured, nothing is reported:
// RUN: %check_valuetask %s --prefix CHECK-MESSAGES-CONFIGURED \
// RUN:   --config="{CheckOptions: {valuetask-multiple-consumers.NonConsumingFunctions: '::std::swap;::app::inspect', valuetask-stored-task.AllowedStorageTypes: '::app::task_queue;::std::deque'}}" \
// RUN:   -- -I%inputs
// RUN: %check_valuetask_compiler %s --prefix CHECK-MESSAGES-CONFIGURED \
// RUN:   --config="{CheckOptions: {valuetask-multiple-consumers.NonConsumingFunctions: '::std::swap;::app::inspect', valuetask-stored-task.AllowedStorageTypes: '::app::task_queue;::std::deque'}}" \
// RUN:   -- -I%inputs

#include "value_task.h"
#include <deque>

using valuetask::value_task;

value_task<int> make();

namespace app {
// Takes the task by non-const reference but only looks at it.
void inspect(value_task<int> &task);

// A queue whose owner awaits each task exactly once, in order.
class task_queue {
  std::deque<value_task<int>> pending_;

public:
  void push(value_task<int> task) {
    pending_.push_back(std::move(task));
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task is stored in container 'pending_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  }
};
} // namespace app

value_task<int> non_const_reference_observer_then_await() {
  auto t = make();
  app::inspect(t);
  co_return co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: task 't' is awaited after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:16: note: 't' was passed to 'inspect' here
}
