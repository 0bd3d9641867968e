// The cache of examples/cache, written the way a first port from "a task is
// a future" tends to be written. It compiles, and each of the four marked
// places is a bug that valuetask's runtime reports only when it happens; the
// valuetask-* clang-tidy checks report them before it runs:
//
//   scripts/demo.sh     (or: clang-tidy-19 --load=build/.../valuetask-tidy.so
//                             --checks='-*,valuetask-*' examples/misuse/main.cpp)
//
// The fixes are in docs/checks/: await a task once, share it on purpose
// with preserve(), and read result() only once the task is known complete.
#include <cstdio>
#include <string>
#include <unordered_map>
#include <utility>

#include <valuetask/value_task.hpp>

using valuetask::value_task;

// Stands in for a slow store; examples/cache has the asynchronous one.
value_task<std::string> fetch_from_store(std::string key) { co_return "value of " + key; }

void log_when_done(value_task<std::string> task) {
  if (task.is_completed()) std::printf("fetched: %s\n", std::move(task).result().c_str());
}

class cache {
 public:
  value_task<std::string> get(const std::string& key) {
    if (const auto hit = entries_.find(key); hit != entries_.end()) return valuetask::from_result(hit->second);
    // Bug 1 (valuetask-stored-task): the in-flight fetch is kept as a
    // value_task, so the second caller for this key awaits it again.
    // Fix: keep fetch_from_store(key).preserve(), a shared_task.
    in_flight_[key] = fetch_from_store(key);
    return std::move(in_flight_[key]);
  }

  // Bug 4 (valuetask-result-before-completion): a hit is ready, but a miss
  // is still fetching, and result() of a pending task throws. Fix: return
  // the task for the caller to co_await, or read result() only once
  // value.is_completed() says so.
  std::string get_now(const std::string& key) {
    value_task<std::string> value = get(key);
    return std::move(value).result();
  }

 private:
  std::unordered_map<std::string, std::string> entries_;
  std::unordered_map<std::string, value_task<std::string>> in_flight_;
};

value_task<std::size_t> fill_and_measure(cache& c, std::string key) {
  value_task<std::string> value = c.get(key);
  // Bug 2 (valuetask-double-await): awaited once to fill, again to measure.
  // Fix: std::string v = co_await std::move(value); then use v twice.
  std::string filled = co_await std::move(value);
  std::printf("filled %s with %s\n", key.c_str(), filled.c_str());
  co_return (co_await std::move(value)).size();
}

value_task<std::string> get_and_log(cache& c, std::string key) {
  value_task<std::string> value = c.get(key);
  // Bug 3 (valuetask-multiple-consumers): the logger consumes the task, and
  // the caller awaits what is left. Fix: auto shared = std::move(value).preserve();
  // then hand copies of the shared_task to both.
  log_when_done(std::move(value));
  co_return co_await std::move(value);
}

int main() {
  cache c;
  std::printf("%zu\n", valuetask::sync_wait(fill_and_measure(c, "alpha")));
  std::printf("%s\n", valuetask::sync_wait(get_and_log(c, "beta")).c_str());
  std::printf("%s\n", c.get_now("gamma").c_str());
}
