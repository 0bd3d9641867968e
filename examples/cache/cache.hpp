// The seed's cache, with valuetask::value_task (used by examples/cache/main.cpp
// and by the soak program in bench/soak):
//   - a hit returns a ready task from an ordinary function: no coroutine frame,
//     no allocation, and the awaiting coroutine does not suspend;
//   - a miss awaits a fetch from a slow store, completed later by a small
//     event loop; concurrent misses for one key share one fetch (preserve());
//   - fetch operations are pooled value_task_sources: no allocation per
//     fetch once the pool is warm, as .NET's pooled IValueTaskSource.
#pragma once

#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <valuetask/value_task.hpp>

namespace cache_example {

using valuetask::shared_task;
using valuetask::value_task;

// A single-threaded event loop: runs posted work and resumes coroutines that
// sources schedule on it, in order, until nothing is left.
class event_loop final : public valuetask::executor {
 public:
  void post(std::function<void()> work) { queue_.push_back(std::move(work)); }
  void schedule(std::coroutine_handle<> continuation) override {
    queue_.emplace_back([continuation] { continuation.resume(); });
  }
  void run() {
    while (!queue_.empty()) {
      std::function<void()> next = std::move(queue_.front());
      queue_.pop_front();
      next();
    }
  }

 private:
  std::deque<std::function<void()>> queue_;
};

// A slow key-value store: a fetch completes on a later turn of the loop.
class slow_store {
 public:
  explicit slow_store(event_loop& loop) : loop_(loop) {}

  [[nodiscard]] value_task<std::string> fetch(std::string key) {
    ++fetches_;
    return acquire().start(std::move(key));
  }

  [[nodiscard]] std::uint64_t fetches() const { return fetches_; }

 private:
  // One fetch at a time; back in the pool once its result is taken.
  class fetch_operation final : public valuetask::value_task_source<std::string> {
   public:
    explicit fetch_operation(slow_store& store) : store_(store), completion_(store.loop_) {}

    value_task<std::string> start(std::string key) {
      completion_.reset();
      store_.loop_.post([this, key = std::move(key)] { completion_.set_result("value of " + key); });
      return value_task<std::string>(*this, completion_.version());
    }

    valuetask::source_status status(std::uint32_t version) const override {
      return completion_.status(version);
    }
    bool on_completed(std::coroutine_handle<> continuation, std::uint32_t version) override {
      return completion_.on_completed(continuation, version);
    }
    std::string result(std::uint32_t version) override {
      struct back_to_pool {
        fetch_operation& operation;
        ~back_to_pool() { operation.store_.idle_.push_back(&operation); }
      } release{*this};
      return completion_.result(version);
    }

   private:
    slow_store& store_;
    // Resumes the awaiter from the loop, not from inside set_result.
    valuetask::manual_reset_source<std::string> completion_;
  };

  fetch_operation& acquire() {
    if (idle_.empty()) {
      operations_.push_back(std::make_unique<fetch_operation>(*this));
      idle_.push_back(operations_.back().get());
    }
    fetch_operation* operation = idle_.back();
    idle_.pop_back();
    return *operation;
  }

  event_loop& loop_;
  std::vector<std::unique_ptr<fetch_operation>> operations_;
  std::vector<fetch_operation*> idle_;
  std::uint64_t fetches_ = 0;
};

class cache {
 public:
  explicit cache(slow_store& store) : store_(store) {}

  // An ordinary function: a hit is a ready task, a miss a pending one.
  [[nodiscard]] value_task<std::string> get(const std::string& key) {
    if (const auto hit = entries_.find(key); hit != entries_.end()) {
      ++hits_;
      return valuetask::from_result(hit->second);
    }
    ++misses_;
    auto in_flight = filling_.find(key);
    if (in_flight == filling_.end()) {
      in_flight = filling_.emplace(key, fill(key).preserve()).first;
    }
    return join(in_flight->second);
  }

  [[nodiscard]] std::uint64_t hits() const { return hits_; }
  [[nodiscard]] std::uint64_t misses() const { return misses_; }

  // Forgets every cached value, so the next lookups miss again.
  void evict_all() { entries_.clear(); }

 private:
  value_task<std::string> fill(std::string key) {
    std::string value = co_await store_.fetch(key);
    entries_.insert_or_assign(key, value);
    filling_.erase(key);
    co_return value;
  }

  static value_task<std::string> join(shared_task<std::string> fill) { co_return co_await fill; }

  slow_store& store_;
  std::unordered_map<std::string, std::string> entries_;
  std::unordered_map<std::string, shared_task<std::string>> filling_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace cache_example
