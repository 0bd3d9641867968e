// Shared by the runtime tests: an allocation meter (global operator new is
// replaced in allocation_counter.cpp), a queue executor standing in for an
// event loop, and a small-stack thread for the stack-depth tests.
#pragma once

#include <gtest/gtest.h>
#include <pthread.h>

#include <coroutine>
#include <cstddef>
#include <deque>
#include <functional>

#include <valuetask/value_task.hpp>

namespace valuetask_test {

// Number of global operator new calls so far, on every thread.
std::size_t allocation_count() noexcept;

// Allocations between construction and count(). Meter only code that runs no
// other thread and no gtest assertion.
class allocation_meter {
 public:
  allocation_meter() noexcept : start_(allocation_count()) {}
  [[nodiscard]] std::size_t count() const noexcept { return allocation_count() - start_; }

 private:
  std::size_t start_;
};

// Continuations wait here until run_all(), as in an event loop's queue.
class queue_executor final : public valuetask::executor {
 public:
  void schedule(std::coroutine_handle<> continuation) override { queue_.push_back(continuation); }

  [[nodiscard]] std::size_t pending() const noexcept { return queue_.size(); }

  void run_all() {
    while (!queue_.empty()) {
      const std::coroutine_handle<> next = queue_.front();
      queue_.pop_front();
      next.resume();
    }
  }

 private:
  std::deque<std::coroutine_handle<>> queue_;
};

// A type with no default constructor, to show value_task never needs one.
struct no_default {
  explicit no_default(int v) : value(v) {}
  int value;
};

// Runs `body` on a thread with a small stack: a chain that recursed once per
// level would overflow it long before its end.
inline void on_small_stack(std::function<void()> body) {
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, 512 * 1024);
  pthread_t thread;
  auto run = [](void* argument) -> void* {
    (*static_cast<std::function<void()>*>(argument))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run, &body), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
}

}  // namespace valuetask_test
