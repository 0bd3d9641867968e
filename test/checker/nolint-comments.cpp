// NOLINT comments beyond the line forms: blocks, lists with spaces and
// globs, negative entries, and the notes of a suppressed warning. The
// compiler plugin must read them exactly as clang-tidy does.
// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "value_task.h"
#include <vector>

using valuetask::value_task;

value_task<int> make();
void consume(value_task<int> t);

// NOLINTBEGIN(valuetask-double-await)
value_task<int> inside_a_block_for_this_check() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  co_return a + b;
}

value_task<int> inside_the_block_another_check_still_reports() {
  auto t = make();
  consume(std::move(t));
  co_return co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: task 't' is awaited after it was already consumed; consume it once, or call preserve() to share its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:21: note: 't' was passed to 'consume' here
}
// NOLINTEND(valuetask-double-await)

value_task<int> after_the_block_reports_again() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  co_return a + b;
}

// NOLINTBEGIN
value_task<int> inside_a_block_for_every_check() {
  auto t = make();
  consume(std::move(t));
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  co_return a + b;
}
// NOLINTEND

// NOLINTBEGIN(valuetask-*)
// NOLINTBEGIN(valuetask-stored-task)
std::vector<value_task<int>> nested_blocks_hold(std::vector<value_task<int>> v) {
  v.push_back(make());
  return v;
}
// NOLINTEND(valuetask-stored-task)
// NOLINTEND(valuetask-*)

value_task<int> a_list_with_spaces_names_the_check() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t); // NOLINT( valuetask-stored-task , valuetask-double-await )
  co_return a + b;
}

value_task<int> a_negative_entry_suppresses_nothing() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t); // NOLINT(-valuetask-double-await)
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  co_return a + b;
}

value_task<int> an_empty_list_suppresses_nothing() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t); // NOLINT()
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
  co_return a + b;
}

value_task<int> a_glob_suppresses_what_it_matches() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t); // NOLINT(*-double-*)
  co_return a + b;
}

value_task<int> nolintnextline_two_lines_above_does_not_reach() {
  auto t = make();
  int a = co_await std::move(t);
  // NOLINTNEXTLINE(valuetask-double-await)

  int b = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-5]]:30: note: 't' was awaited here
  co_return a + b;
}

value_task<int> the_notes_of_a_suppressed_warning_vanish_too() {
  auto t = make();
  int a = co_await std::move(t); // the note would sit here: no NOLINT needed
  int b = co_await std::move(t); // NOLINT(valuetask-double-await)
  co_return a + b;
}

value_task<int> nolint_at_the_note_drops_only_the_note() {
  auto t = make();
  int a = co_await std::move(t); // NOLINT(valuetask-double-await)
  int b = co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  co_return a + b;
}
