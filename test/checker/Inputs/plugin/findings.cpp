// One finding of each check on by default, and a header with one more.
#include "header_with_finding.h"
#include "lazy_task.h"
#include <vector>

using valuetask::value_task;
value_task<int> make();
void consume(value_task<int> t);

value_task<int> awaited_twice() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
  co_return a + b;
}

value_task<int> passed_on_then_awaited() {
  auto t = make();
  consume(std::move(t));
  co_return co_await std::move(t);
}

std::vector<value_task<int>> pending;
void stored_in_a_container() { pending.push_back(make()); }

lib::lazy<int> make_lazy();
lib::lazy<int> lazy_awaited_twice() {
  auto l = make_lazy();
  int a = co_await l;
  int b = co_await l;
  co_return a + b;
}
