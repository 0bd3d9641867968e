// A header with a finding, included by two sources: reported once.
#pragma once

#include <utility>

#include <valuetask/value_task.hpp>

inline valuetask::value_task<int> header_answer() { co_return 1; }

inline valuetask::value_task<int> header_awaits_twice() {
  valuetask::value_task<int> h = header_answer();
  int a = co_await std::move(h);
  int b = co_await std::move(h); // valuetask-double-await
  co_return a + b;
}
