// RUN: %check_valuetask %s -- -I%inputs -isystem %inputs/system
// RUN: %check_valuetask_compiler %s -- -I%inputs -isystem %inputs/system

// Where a function, field or variable is declared does not hide it from the
// checks, except a system header: namespaces reopened from one, linkage
// blocks, local classes, lambdas, generic lambdas and class templates
// instantiated from the user's code.

#include "value_task.h"
#include "vendor_tasks.h"

using valuetask::value_task;

value_task<int> make();

// A system header's code, instantiated and called here: not reported.
value_task<int> uses_the_vendor() {
  vendor::retrier<int> r;
  co_return co_await r.twice() + co_await vendor::awaits_twice(make());
}

// The vendor's namespace, reopened in the user's code.
namespace vendor {
value_task<int> user_extension(value_task<int> t) {
  int a = co_await std::move(t);
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
}
} // namespace vendor

extern "C++" {
value_task<int> in_a_linkage_block(value_task<int> t) {
  int a = co_await std::move(t);
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
}
}

int with_a_local_class() {
  struct local {
    value_task<int> pending = make();
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: task is stored in member 'pending', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
    value_task<int> twice(value_task<int> t) {
      int a = co_await std::move(t);
      co_return a + co_await std::move(t);
      // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
      // CHECK-MESSAGES: :[[@LINE-3]]:34: note: 't' was awaited here
    }
  };
  return 0;
}

value_task<int> with_lambdas() {
  auto plain = [](value_task<int> t) -> value_task<int> {
    int a = co_await std::move(t);
    co_return a + co_await std::move(t);
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
    // CHECK-MESSAGES: :[[@LINE-3]]:32: note: 't' was awaited here
  };
  // Checked where it is instantiated, reported once.
  auto generic = [](auto t) -> value_task<int> {
    int a = co_await std::move(t);
    co_return a + co_await std::move(t);
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
    // CHECK-MESSAGES: :[[@LINE-3]]:32: note: 't' was awaited here
  };
  co_return co_await plain(make()) + co_await generic(make()) +
            co_await generic(make());
}

namespace outer::inner {
struct session {
  struct state {
    value_task<int> next = make();
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: task is stored in member 'next', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  };
  static inline value_task<int> shared = make();
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: task is stored in static member 'shared', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
};
} // namespace outer::inner

int with_a_static_local() {
  static value_task<int> once = make();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: task is stored in static local 'once', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
  return 0;
}
