// Soak: the cache example (examples/cache/cache.hpp) run for a while —
// hits answered with ready tasks, misses fetched from a slow store through
// pooled value_task_sources completed on an event loop, concurrent misses for
// one key sharing one fetch through preserve(), entries evicted so that
// misses keep coming — and the memory held at the end compared with the
// memory held after warm-up (mallinfo2's in-use bytes and the RSS).
//
//   soak [seconds=60]
//
// Prints one line per phase and a verdict; exits 1 if the heap in use grew.
// Not a test (it runs for a minute); see docs/evaluation.md for a result.
#include <malloc.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "cache.hpp"  // examples/cache: the scenario itself

namespace {

using cache_example::cache;
using cache_example::event_loop;
using cache_example::slow_store;
using valuetask::value_task;

struct memory {
  std::size_t heap;  // bytes in use (mallinfo2)
  std::size_t rss;   // resident set, bytes
};

memory measure() {
  malloc_trim(0);
  const struct mallinfo2 mi = mallinfo2();
  std::size_t pages = 0, resident = 0;
  std::ifstream statm("/proc/self/statm");
  statm >> pages >> resident;
  return {mi.uordblks, resident * 4096};
}

std::uint64_t checked = 0, wrong = 0;

value_task<void> client(cache& c, std::uint64_t seed, int requests) {
  for (int i = 0; i < requests; ++i) {
    const std::uint64_t k = (seed * 2654435761U + static_cast<std::uint64_t>(i) * 40503U) % 1000U;
    const std::string key = "key" + std::to_string(k);
    const std::string value = co_await c.get(key);
    ++checked;
    if (value != "value of " + key) ++wrong;
  }
}

// One round: 64 clients of 32 requests each, driven to the end by the loop.
void round(event_loop& loop, cache& c, std::uint64_t r) {
  std::vector<value_task<void>> clients;
  clients.reserve(64);
  for (std::uint64_t i = 0; i < 64; ++i) clients.push_back(client(c, r * 64 + i, 32));
  loop.run();
  for (auto& t : clients) std::move(t).result();
  if (r % 8 == 7) c.evict_all();
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 60.0;
  using clock = std::chrono::steady_clock;
  event_loop loop;
  slow_store store(loop);
  cache c(store);

  std::uint64_t r = 0;
  const auto start = clock::now();
  const auto warm_until = start + std::chrono::duration<double>(seconds / 10);
  while (clock::now() < warm_until) round(loop, c, r++);
  c.evict_all();
  const memory before = measure();
  const std::uint64_t warm_rounds = r;
  const auto end = start + std::chrono::duration<double>(seconds);
  while (clock::now() < end) round(loop, c, r++);
  c.evict_all();
  const memory after = measure();

  std::printf("soak: %.0f s, %llu rounds (%llu after warm-up), %llu requests checked, %llu wrong\n",
              seconds, static_cast<unsigned long long>(r),
              static_cast<unsigned long long>(r - warm_rounds),
              static_cast<unsigned long long>(checked), static_cast<unsigned long long>(wrong));
  std::printf("soak: %llu hits, %llu misses, %llu fetches\n", static_cast<unsigned long long>(c.hits()),
              static_cast<unsigned long long>(c.misses()),
              static_cast<unsigned long long>(store.fetches()));
  std::printf("soak: heap in use %zu -> %zu bytes (%+lld), RSS %zu -> %zu KiB (%+lld)\n", before.heap,
              after.heap, static_cast<long long>(after.heap) - static_cast<long long>(before.heap),
              before.rss / 1024, after.rss / 1024,
              (static_cast<long long>(after.rss) - static_cast<long long>(before.rss)) / 1024);
  const bool grew = after.heap > before.heap + 64 * 1024;
  std::printf("soak: %s\n", wrong != 0 ? "WRONG RESULTS" : grew ? "HEAP GREW" : "no growth");
  return wrong != 0 || grew ? 1 : 0;
}
