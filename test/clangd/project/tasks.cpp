// The project valuetask-clangd is tested on: one function per check, plus a
// stock clang-tidy check, a spot for a code action and one for completion.
// Each expected diagnostic is written on the line it belongs to:
//   diag(<id>) <check>: <message>     a warning on this line
//   note(<id>): <message>             a note of warning <id> on this line
//   code-action(<word>): <title>      offered with the cursor on <word>
//   complete-after: <text>            completion right after <text> offers is_completed
// tasks.cpp.fixed is the same file with every finding fixed.
#include <utility>

#include <valuetask/value_task.hpp>

using valuetask::value_task;

value_task<int> fetch(int key) { co_return key * 2; }

value_task<int> sum_of_one_task_awaited_twice() {
  value_task<int> t = fetch(1);
  int first = co_await std::move(t); // note(A): 't' was awaited here
  int second = co_await std::move(t); // diag(A) valuetask-double-await: task 't' is awaited more than once; await it once, or call preserve() to share its result
  co_return first + second;
}

value_task<int> shared_on_purpose() {
  auto t = fetch(5);
  int first = co_await std::move(t); // note(E): 't' was awaited here
  int second = co_await std::move(t); // diag(E) valuetask-double-await: task 't' is awaited more than once; await it once, or call preserve() to share its result (fix available)
  co_return first + second;
}

struct lookup_cache {
  value_task<int> pending;
  void start(int key) {
    pending = fetch(key); // diag(B) valuetask-stored-task: task is stored in member 'pending', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve()
  }
};

value_task<int> consume(value_task<int> t) { co_return co_await std::move(t); }

value_task<int> handed_on_then_awaited() {
  value_task<int> t = fetch(3);
  int passed = co_await consume(std::move(t)); // note(C): 't' was passed to 'consume' here
  int again = co_await std::move(t); // diag(C) valuetask-multiple-consumers: task 't' is awaited after it was already consumed; consume it once, or call preserve() to share its result
  co_return passed + again;
}

value_task<int> observed_only() {
  value_task<int> t = fetch(4);
  bool done = t.is_completed(); // complete-after: t.
  int value = co_await std::move(t);
  co_return done ? value : -value;
}

int *stock_check() {
  int *none = 0; // diag(D) modernize-use-nullptr: use nullptr (fix available)
  return none;
}

int refactor_me(bool flag) {
  auto doubled = flag ? 2 : 1; // code-action(auto): Replace with deduced type
  return doubled * 2;
}
