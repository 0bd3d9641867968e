#include "prices.hpp"

#include <map>
#include <utility>

namespace {
std::map<int, int> cache;
}

valuetask::value_task<int> price_of(int item) {
  if (auto hit = cache.find(item); hit != cache.end())
    return valuetask::from_result(hit->second);  // no coroutine frame at all
  cache[item] = item * 10;
  return valuetask::from_result(item * 10);
}

valuetask::value_task<int> total_of(int first, int second) {
  valuetask::value_task<int> a = price_of(first);
  valuetask::value_task<int> b = price_of(second);
  co_return co_await std::move(a) + co_await std::move(b);
}
