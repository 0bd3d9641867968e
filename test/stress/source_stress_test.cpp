// Completion from other threads: 4 producer threads complete source
// operations while coroutines await them, VALUETASK_STRESS_OPERATIONS
// operations in all (1,000,000 by default), and every result is checked.
//
// Each channel is one manual_reset_source<std::uint64_t> and one consumer
// coroutine. The consumer takes the operation's task, announces it
// (`armed`), awaits it, checks the value (or the exception), resets the
// source and goes on. The producer that owns the channel completes each
// announced operation, so it races with the consumer's co_await: sometimes
// the task is already completed when awaited (no suspension), sometimes the
// awaiter is registered first and resumed inline on the producer's thread.
// Every other operation goes through a nested coroutine (`relay`), whose frame
// is allocated on one thread and freed on another.
#include <valuetask/value_task.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#ifndef VALUETASK_STRESS_OPERATIONS
#define VALUETASK_STRESS_OPERATIONS 1000000
#endif

namespace {

constexpr std::size_t kProducers = 4;
constexpr std::size_t kChannels = 64;
constexpr std::uint64_t kOperations = VALUETASK_STRESS_OPERATIONS;
constexpr std::uint64_t kPerChannel = kOperations / kChannels;

struct operation_failed {
  std::uint64_t channel;
  std::uint64_t op;
};

std::uint64_t value_of(std::uint64_t channel, std::uint64_t op) {
  return channel * 1'000'003U + op * 7'919U + 1U;
}

bool faults(std::uint64_t channel, std::uint64_t op) { return (channel + op) % 13U == 0U; }

struct channel {
  valuetask::manual_reset_source<std::uint64_t> source;
  // op + 1 once the consumer holds the task of operation `op` (release:
  // publishes the source's state after task()).
  std::atomic<std::uint64_t> armed{0};
  std::uint64_t completed = 0;  // producer's own count
};

struct tally {
  std::uint64_t values = 0;
  std::uint64_t faults = 0;
  std::uint64_t mismatches = 0;
  std::uint64_t checksum = 0;
};

valuetask::value_task<std::uint64_t> relay(valuetask::value_task<std::uint64_t> task) {
  const std::uint64_t v = co_await std::move(task);
  co_return v;
}

valuetask::value_task<tally> consume(channel& ch, std::uint64_t index) {
  tally t;
  for (std::uint64_t op = 0; op < kPerChannel; ++op) {
    valuetask::value_task<std::uint64_t> task = ch.source.task();
    if (op % 2 == 1) task = relay(std::move(task));
    ch.armed.store(op + 1, std::memory_order_release);
    try {
      const std::uint64_t v = co_await std::move(task);
      ++t.values;
      t.checksum += v;
      if (faults(index, op) || v != value_of(index, op)) ++t.mismatches;
    } catch (const operation_failed& e) {
      ++t.faults;
      if (!faults(index, op) || e.channel != index || e.op != op) ++t.mismatches;
    }
    ch.source.reset();
  }
  co_return t;
}

void produce(std::vector<std::unique_ptr<channel>>& channels, std::size_t producer) {
  bool more = true;
  while (more) {
    more = false;
    bool progressed = false;
    for (std::size_t i = producer; i < channels.size(); i += kProducers) {
      channel& ch = *channels[i];
      if (ch.completed == kPerChannel) continue;
      more = true;
      if (ch.armed.load(std::memory_order_acquire) != ch.completed + 1) continue;
      const std::uint64_t op = ch.completed++;
      progressed = true;
      // May resume the consumer inline, which re-arms the channel.
      if (faults(i, op)) {
        ch.source.set_exception(std::make_exception_ptr(operation_failed{i, op}));
      } else {
        ch.source.set_result(value_of(i, op));
      }
    }
    if (!progressed) std::this_thread::yield();
  }
}

TEST(SourceStress, FourThreadsCompleteWhileCoroutinesAwait) {
  static_assert(kPerChannel > 0);
  std::vector<std::unique_ptr<channel>> channels;
  for (std::size_t i = 0; i < kChannels; ++i) channels.push_back(std::make_unique<channel>());

  // Producers first: the consumers' first co_await already races with them.
  std::vector<std::thread> producers;
  for (std::size_t p = 0; p < kProducers; ++p) producers.emplace_back(produce, std::ref(channels), p);
  std::vector<valuetask::value_task<tally>> consumers;
  for (std::size_t i = 0; i < kChannels; ++i) consumers.push_back(consume(*channels[i], i));
  for (auto& t : producers) t.join();

  std::uint64_t operations = 0;
  for (std::size_t i = 0; i < kChannels; ++i) {
    ASSERT_TRUE(consumers[i].is_completed()) << "channel " << i;
    const tally t = std::move(consumers[i]).result();
    std::uint64_t expected_faults = 0;
    std::uint64_t expected_checksum = 0;
    for (std::uint64_t op = 0; op < kPerChannel; ++op) {
      if (faults(i, op)) {
        ++expected_faults;
      } else {
        expected_checksum += value_of(i, op);
      }
    }
    EXPECT_EQ(t.mismatches, 0U) << "channel " << i;
    EXPECT_EQ(t.faults, expected_faults) << "channel " << i;
    EXPECT_EQ(t.values, kPerChannel - expected_faults) << "channel " << i;
    EXPECT_EQ(t.checksum, expected_checksum) << "channel " << i;
    EXPECT_EQ(channels[i]->completed, kPerChannel) << "channel " << i;
    operations += t.values + t.faults;
  }
  EXPECT_EQ(operations, kPerChannel * kChannels);
}

// Tasks dropped while pending detach: each frame frees itself on the
// producer's thread when the operation completes (LSan/TSan watch the frees).
valuetask::value_task<std::uint64_t> two_hops(channel& ch, std::atomic<std::uint64_t>& sum) {
  const std::uint64_t v = co_await relay(ch.source.task());
  sum.fetch_add(v + 1, std::memory_order_relaxed);
  co_return v + 1;
}

TEST(SourceStress, DroppedPendingTasksFinishOnTheCompletingThread) {
  constexpr std::uint64_t kRounds = kOperations / 50;
  channel ch;
  std::atomic<std::uint64_t> sum{0};
  std::atomic<std::uint64_t> requested{0};
  std::atomic<std::uint64_t> completed{0};
  std::thread producer([&] {
    for (std::uint64_t r = 0; r < kRounds; ++r) {
      while (requested.load(std::memory_order_acquire) != r + 1) std::this_thread::yield();
      ch.source.set_result(r);  // runs the rest of two_hops, which frees itself
      completed.store(r + 1, std::memory_order_release);
    }
  });
  for (std::uint64_t r = 0; r < kRounds; ++r) {
    {
      auto dropped = two_hops(ch, sum);
      ASSERT_FALSE(dropped.is_completed());
      requested.store(r + 1, std::memory_order_release);
      if (r % 2 == 0) {
        // Sometimes drop it only after the producer completed it: then the
        // owner, not the body, frees the frame.
        while (completed.load(std::memory_order_acquire) != r + 1) std::this_thread::yield();
      }
    }
    while (completed.load(std::memory_order_acquire) != r + 1) std::this_thread::yield();
    ch.source.reset();
  }
  producer.join();
  // sum of (r + 1) for r in [0, kRounds)
  EXPECT_EQ(sum.load(), kRounds * (kRounds + 1) / 2);
}

}  // namespace
