// A third-party header, included as a system header (-isystem): its code is
// not the user's, whatever it does with tasks.
#pragma once
#include "value_task.h"

namespace vendor {

inline valuetask::value_task<int> awaits_twice(valuetask::value_task<int> t) {
  int a = co_await std::move(t);
  co_return a + co_await std::move(t);
}

template <class T> struct retrier {
  valuetask::value_task<T> pending = valuetask::value_task<T>(T{});
  valuetask::value_task<T> twice() {
    T a = co_await std::move(pending);
    co_return a + co_await std::move(pending);
  }
};

inline valuetask::value_task<int> global_task = awaits_twice({});

} // namespace vendor
