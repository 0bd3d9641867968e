// The cache example (cache.hpp): two clients share a cache whose hits are
// ready tasks and whose misses complete on an event loop, then a when_all of
// two hits that never suspends.
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cache.hpp"

using cache_example::cache;
using cache_example::event_loop;
using cache_example::slow_store;
using valuetask::value_task;

value_task<void> client(int id, cache& shared_cache, std::vector<std::string> keys) {
  for (const std::string& key : keys) {
    value_task<std::string> lookup = shared_cache.get(key);
    const bool hit = lookup.is_completed();
    const std::string value = co_await std::move(lookup);
    std::printf("client %d: get %s -> %s (%s)\n", id, key.c_str(), value.c_str(), hit ? "hit" : "miss");
  }
}

value_task<void> both(cache& shared_cache) {
  value_task<std::tuple<std::string, std::string>> pair =
      valuetask::when_all(shared_cache.get("alpha"), shared_cache.get("gamma"));
  const bool ready = pair.is_completed();
  const auto [alpha, gamma] = co_await std::move(pair);
  std::printf("both: alpha, gamma -> %s, %s (%s)\n", alpha.c_str(), gamma.c_str(),
              ready ? "no suspension" : "suspended");
}

int main() {
  event_loop loop;
  slow_store store(loop);
  cache shared_cache(store);

  // Both clients start at once (eager start) and run until their first miss.
  value_task<void> first = client(1, shared_cache, {"alpha", "beta", "alpha"});
  value_task<void> second = client(2, shared_cache, {"beta", "alpha", "gamma"});
  loop.run();
  // The loop ran dry, so both are complete: sync_wait returns at once (and
  // rethrows if a client failed). result() would be correct here too, but
  // only the loop knows it; valuetask-result-before-completion asks for
  // the proof in this function.
  valuetask::sync_wait(std::move(first));
  valuetask::sync_wait(std::move(second));

  // Every key is cached now: both lookups are ready, when_all is ready too.
  valuetask::sync_wait(both(shared_cache));

  std::printf("fetches: %llu, hits: %llu, misses: %llu\n",
              static_cast<unsigned long long>(store.fetches()),
              static_cast<unsigned long long>(shared_cache.hits()),
              static_cast<unsigned long long>(shared_cache.misses()));
}
