// A stop request racing a normal completion on one manual_reset_source
// operation, VALUETASK_CANCELLATION_RACES times (1,000,000 by default), on
// two threads: one requests stop, the other calls try_set_result, walking
// the same batch of operations from opposite ends in a tight loop, so that
// they meet (and race) somewhere in every batch. Every operation must complete exactly once — its awaiter
// resumed once, with the value or with operation_cancelled, matching who
// won — whatever the interleaving (run under TSan in llvm19-tsan).
#include <valuetask/value_task.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <thread>
#include <vector>

#ifndef VALUETASK_CANCELLATION_RACES
#define VALUETASK_CANCELLATION_RACES 1000000
#endif

namespace {

constexpr std::size_t kRaces = VALUETASK_CANCELLATION_RACES;
constexpr std::size_t kBatch = 1000;

struct operation {
  valuetask::manual_reset_source<int> source;
  std::stop_source stop;
  std::atomic<int> resumptions{0};
  bool cancelled = false;  // written by the awaiter, read after the batch
  int value = 0;
  bool set_won = false;  // written by the completing thread, read after the batch
};

valuetask::value_task<void> await_operation(operation& op) {
  try {
    op.value = co_await op.source.task();
  } catch (const valuetask::operation_cancelled&) {
    op.cancelled = true;
  }
  op.resumptions.fetch_add(1, std::memory_order_relaxed);
}

TEST(CancellationRace, stop_request_and_completion_complete_each_operation_exactly_once) {
  std::vector<operation> ops(kBatch);
  std::vector<valuetask::value_task<void>> awaiters(kBatch);
  const std::size_t batch_count = kRaces / kBatch;
  std::atomic<std::size_t> started{0}, stopped{0};  // batches handed to / finished by the stopper
  std::size_t cancelled = 0, completed = 0, wrong = 0;

  std::thread stopper([&] {
    for (std::size_t b = 1; b <= batch_count; ++b) {
      while (started.load(std::memory_order_acquire) != b) std::this_thread::yield();
      for (operation& op : ops) op.stop.request_stop();
      stopped.store(b, std::memory_order_release);
    }
  });

  for (std::size_t b = 1; b <= batch_count; ++b) {
    for (std::size_t i = 0; i < kBatch; ++i) {  // the stopper waits: prepare the batch
      operation& op = ops[i];
      op.source.reset();
      op.stop = std::stop_source();
      op.resumptions.store(0, std::memory_order_relaxed);
      op.cancelled = false;
      op.value = 0;
      op.source.cancel_on(op.stop.get_token());
      awaiters[i] = await_operation(op);
    }
    started.store(b, std::memory_order_release);
    // Walking the batch from the other end: the two threads meet, and race, in the middle.
    for (std::size_t i = kBatch; i-- > 0;) ops[i].set_won = ops[i].source.try_set_result(ops[i].source.version(), static_cast<int>(i) + 1);
    while (stopped.load(std::memory_order_acquire) != b) std::this_thread::yield();
    for (std::size_t i = 0; i < kBatch; ++i) {
      const operation& op = ops[i];
      const bool once = op.resumptions.load(std::memory_order_relaxed) == 1 && awaiters[i].is_completed();
      const bool consistent = op.cancelled ? !op.set_won : op.set_won && op.value == static_cast<int>(i) + 1;
      if (!once || !consistent) ++wrong;
      if (op.cancelled) ++cancelled;
      else ++completed;
    }
  }
  stopper.join();
  awaiters.clear();
  EXPECT_EQ(wrong, 0U);
  EXPECT_EQ(cancelled + completed, batch_count * kBatch);
  std::printf("%zu races: %zu cancelled first, %zu completed first\n", batch_count * kBatch, cancelled,
              completed);
}

}  // namespace
