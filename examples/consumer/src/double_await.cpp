// The mistake the checks exist for: one task, awaited twice. It compiles; at
// run time the second co_await throws. valuetask_enable_checks() stops the build.
#include "prices.hpp"

#include <utility>

valuetask::value_task<int> total_twice(int item) {
  valuetask::value_task<int> price = price_of(item);
  int first = co_await std::move(price);
  int second = co_await std::move(price);
  co_return first + second;
}
