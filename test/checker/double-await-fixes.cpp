// The warnings, as the other tests check them:
// RUN: %check_valuetask %s -- -I%runtime_include
// RUN: %check_valuetask_compiler %s -- -I%runtime_include
// The fix-its, applied by --fix to a copy without the expectations:
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's#// *CHECK-[A-Z-]*:.*#//#' %s > %t/fixed.cpp
// RUN: %clang_tidy --load=%plugin --checks='-*,valuetask-double-await' --header-filter='^$' --fix \
// RUN:   %t/fixed.cpp -- -std=c++20 -I%runtime_include > %t/fix.log 2>&1
// RUN: FileCheck --input-file=%t/fixed.cpp %s --check-prefix=CHECK-FIXES --strict-whitespace
// The fixed tasks ('t', 'text') are awaited twice no more; the fixed file
// compiles, and runs:
// RUN: %clang_tidy --load=%plugin --checks='-*,valuetask-double-await' --header-filter='^$' \
// RUN:   %t/fixed.cpp -- -std=c++20 -I%runtime_include 2>&1 | FileCheck %s --check-prefix=AFTER
// AFTER-NOT: task 't' is awaited
// AFTER-NOT: task 'text' is awaited
// AFTER: task 'typed' is awaited more than once
// RUN: %clangxx -std=c++20 -Wall -Wextra -Werror -I%runtime_include %t/fixed.cpp -o %t/fixed
// RUN: %t/fixed | FileCheck %s --check-prefix=RUNS
// RUNS: 42 84 3 ok

#include <cstdio>
#include <memory>
#include <string>
#include <valuetask/value_task.hpp>

using valuetask::value_task;

value_task<int> answer() { co_return 21; }
value_task<std::string> name() { co_return "ok"; }
value_task<std::unique_ptr<int>> boxed() { co_return std::make_unique<int>(1); }
bool always() { return true; }

// ---- fixed ------------------------------------------------------------------

value_task<int> awaited_twice() {
  auto t = answer();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  co_return a + b;
}
// CHECK-FIXES:      {{^}}value_task<int> awaited_twice() {{{$}}
// CHECK-FIXES-NEXT: {{^}}  auto t = answer().preserve();{{$}}
// CHECK-FIXES-NEXT: {{^}}  int a = co_await t;{{$}}
// CHECK-FIXES-NEXT: {{^}}  int b = co_await t;{{$}}

value_task<int> awaited_three_times_one_fix() {
  auto t = answer();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  int c = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: 't' was awaited here
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: 't' was awaited here
  co_return a + b + c + a;
}
// CHECK-FIXES:      {{^}}  auto t = answer().preserve();{{$}}
// CHECK-FIXES-NEXT: {{^}}  int a = co_await t;{{$}}
// CHECK-FIXES-NEXT: {{^}}  int b = co_await t;{{$}}
// CHECK-FIXES:      {{^}}  int c = co_await t;{{$}}

value_task<std::string> awaited_in_a_loop(int n) {
  auto text = name();
  std::string all;
  for (int i = 0; i < n; ++i)
    all = co_await std::move(text);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 'text' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:30: note: 'text' was awaited here, in a previous loop iteration
  co_return all;
}
// CHECK-FIXES:      {{^}}  auto text = name().preserve();{{$}}
// CHECK-FIXES:      {{^}}    all = co_await text;{{$}}

// ---- no fix: no rewrite is safe ---------------------------------------------

value_task<int> declared_with_its_type() {
  value_task<int> typed = answer();
  int a = co_await std::move(typed);
  co_return a + co_await std::move(typed);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 'typed' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'typed' was awaited here
}
// CHECK-FIXES:      {{^}}  value_task<int> typed = answer();{{$}}
// CHECK-FIXES-NEXT: {{^}}  int a = co_await std::move(typed);{{$}}

value_task<int> also_observed() {
  auto seen = answer();
  bool ready = seen.is_completed();
  int a = co_await std::move(seen);
  co_return a + ready + co_await std::move(seen);
  // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: task 'seen' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'seen' was awaited here
}
// CHECK-FIXES:      {{^}}  auto seen = answer();{{$}}

value_task<int> move_only_value() {
  auto box = boxed();
  auto first = co_await std::move(box);
  auto second = co_await std::move(box);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 'box' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:35: note: 'box' was awaited here
  co_return *first + *second;
}
// CHECK-FIXES:      {{^}}  auto box = boxed();{{$}}

value_task<int> parameter_awaited_twice(value_task<int> param) {
  int a = co_await std::move(param);
  co_return a + co_await std::move(param);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 'param' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'param' was awaited here
}
// CHECK-FIXES:      {{^}}  co_return a + co_await std::move(param);{{$}}

#define AWAIT(task) co_await std::move(task)
value_task<int> awaited_through_a_macro() {
  auto viamacro = answer();
  int a = AWAIT(viamacro);
  co_return a + AWAIT(viamacro);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: task 'viamacro' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: 'viamacro' was awaited here
}
// CHECK-FIXES:      {{^}}  auto viamacro = answer();{{$}}

template <class T> value_task<T> in_a_template(value_task<T> (*make)()) {
  auto templated = make();
  T a = co_await std::move(templated);
  co_return a + co_await std::move(templated);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 'templated' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: 'templated' was awaited here
}
template value_task<int> in_a_template(value_task<int> (*)());
// CHECK-FIXES:      {{^}}  auto templated = make();{{$}}

// Only the fixed functions run: the others would throw task_misuse_error.
int main() {
  int a = valuetask::sync_wait(awaited_twice());
  int b = valuetask::sync_wait(awaited_three_times_one_fix());
  std::string s = valuetask::sync_wait(awaited_in_a_loop(3));
  std::printf("%d %d %zu %s\n", a, b, s.size() + 1, s.c_str());
  (void)always;
}
