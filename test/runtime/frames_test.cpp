// Coroutine frames come from a thread-local recycling
// allocator (no allocation per call in steady state, safe to free on another
// thread), long loops of awaits do not grow the stack, and a dropped pending
// task still runs to its end and frees its frame.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

#include <valuetask/value_task.hpp>

#include "test_support.hpp"

using valuetask::manual_reset_source;
using valuetask::value_task;
using valuetask_test::allocation_meter;

namespace {

constexpr int million = 1'000'000;

// An operation that is always complete, with result 1, behind the source
// interface: the compiler cannot see that awaiting it never suspends.
class always_ready final : public valuetask::value_task_source<int> {
 public:
  valuetask::source_status status(std::uint32_t) const override {
    return valuetask::source_status::succeeded;
  }
  int result(std::uint32_t) override { return 1; }
  bool on_completed(std::coroutine_handle<>, std::uint32_t) override { return false; }
};

// Awaits a task the compiler cannot see through, so the coroutine has a real
// frame (clang -O2 may otherwise turn a never-suspending coroutine into a
// plain function), yet completes synchronously.
[[gnu::noinline]] value_task<int> completes_synchronously(valuetask::value_task_source<int>& ready) {
  co_return co_await value_task<int>(ready, 0) + 1;
}

[[gnu::noinline]] value_task<int> calls_two_levels(valuetask::value_task_source<int>& ready) {
  co_return co_await completes_synchronously(ready) + 1;
}

// Completes when `source` does.
value_task<int> relay(manual_reset_source<int>& source) { co_return co_await source.task(); }

// The stack depth of the caller, as seen from a non-inlined call.
[[gnu::noinline]] std::uintptr_t stack_position() {
  return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
}

struct stack_span {
  std::uintptr_t lowest = UINTPTR_MAX;
  std::uintptr_t highest = 0;
  void record() {
    const std::uintptr_t here = stack_position();
    lowest = std::min(lowest, here);
    highest = std::max(highest, here);
  }
  [[nodiscard]] std::uintptr_t growth() const { return highest - lowest; }
};

value_task<std::int64_t> await_synchronous_coroutines(always_ready& ready, stack_span& span) {
  std::int64_t sum = 0;
  for (int i = 0; i < million; ++i) {
    sum += co_await completes_synchronously(ready);
    span.record();
  }
  co_return sum;
}

value_task<std::int64_t> await_sources_completed_inline(manual_reset_source<int>& source, stack_span& span) {
  std::int64_t sum = 0;
  for (int i = 0; i < million; ++i) {
    source.reset();
    source.set_result(i);
    sum += co_await source.task();
    span.record();
  }
  co_return sum;
}

// Two coroutines that complete each other's operations inline: each
// set_result resumes the partner on this very stack.
value_task<void> ping(manual_reset_source<int>& mine, manual_reset_source<int>& partner, int rounds,
                      stack_span& span) {
  for (int i = 0; i < rounds; ++i) {
    partner.set_result(i);
    static_cast<void>(co_await mine.task());
    mine.reset();
    span.record();
  }
}

value_task<void> pong(manual_reset_source<int>& mine, manual_reset_source<int>& partner, int rounds) {
  for (int i = 0; i < rounds; ++i) {
    static_cast<void>(co_await mine.task());
    mine.reset();
    partner.set_result(i);
  }
}

// Passed by value to a coroutine, it lives in the frame (not in the body's
// scope): its destruction shows that the frame itself was destroyed.
class frame_marker {
 public:
  explicit frame_marker(int& destroyed) : destroyed_(&destroyed) {}
  frame_marker(frame_marker&& other) noexcept : destroyed_(std::exchange(other.destroyed_, nullptr)) {}
  frame_marker& operator=(frame_marker&&) = delete;
  ~frame_marker() {
    if (destroyed_ != nullptr) ++*destroyed_;
  }

 private:
  int* destroyed_;
};

value_task<int> marked_operation(manual_reset_source<int>& source, frame_marker, bool& finished) {
  const int value = co_await source.task();
  finished = true;
  co_return value;
}

value_task<int> outer_of_marked(manual_reset_source<int>& source, frame_marker, int& destroyed,
                                bool& finished) {
  co_return co_await marked_operation(source, frame_marker(destroyed), finished);
}

// Keeps a large local across a suspension: its frame is bigger than any
// size class of the recycling allocator.
value_task<int> large_frame(manual_reset_source<int>& source) {
  std::array<char, 8192> buffer{};
  buffer[100] = 1;
  const int value = co_await source.task();
  co_return value + buffer[100];
}

}  // namespace

// ---- item 8: frames --------------------------------------------------------------

TEST(Frames, MillionSynchronousCoroutineCallsAllocateNothingAfterWarmUp) {
  always_ready ready;
  const allocation_meter warm_up;
  EXPECT_EQ(calls_two_levels(ready).result(), 3);
  EXPECT_GT(warm_up.count(), 0u) << "no frame was allocated: the test measures nothing";

  const allocation_meter meter;
  std::int64_t sum = 0;
  for (int i = 0; i < million; ++i) sum += calls_two_levels(ready).result();
  const std::size_t allocations = meter.count();
  EXPECT_EQ(sum, 3LL * million);
  EXPECT_EQ(allocations, 0u);
}

TEST(Frames, FramesAllocatedOnOneThreadAndFreedOnAnotherAreSafe) {
  // Frames are made here, then completed and freed on a worker; the worker's
  // own frames come back here to be freed. Run under TSan and ASan in CI.
  constexpr int rounds = 20;
  constexpr int frames_per_round = 200;
  for (int round = 0; round < rounds; ++round) {
    std::vector<manual_reset_source<int>> sources(frames_per_round);
    std::vector<value_task<int>> made_here;
    for (auto& source : sources) made_here.push_back(relay(source));

    std::vector<value_task<int>> made_there;
    std::vector<manual_reset_source<int>> worker_sources(frames_per_round);
    std::int64_t worker_sum = 0;
    std::thread worker([&] {
      for (int i = 0; i < frames_per_round; ++i) sources[i].set_result(i);
      for (value_task<int>& task : made_here) worker_sum += std::move(task).result();  // frees the frames
      for (auto& source : worker_sources) made_there.push_back(relay(source));
    });
    worker.join();
    EXPECT_EQ(worker_sum, static_cast<std::int64_t>(frames_per_round) * (frames_per_round - 1) / 2);

    std::int64_t sum = 0;
    for (int i = 0; i < frames_per_round; ++i) worker_sources[i].set_result(i);
    for (value_task<int>& task : made_there) sum += std::move(task).result();  // frees the worker's frames
    EXPECT_EQ(sum, worker_sum);
  }
}

TEST(Frames, FramesLargerThanEverySizeClassWork) {
  manual_reset_source<int> source;
  value_task<int> task = large_frame(source);
  source.set_result(1);
  EXPECT_EQ(std::move(task).result(), 2);
}

// ---- item 9: no stack growth ----------------------------------------------------

TEST(Stack, MillionAwaitsOfSynchronousCoroutinesDoNotGrowTheStack) {
  always_ready ready;
  stack_span span;
  value_task<std::int64_t> loop = await_synchronous_coroutines(ready, span);
  EXPECT_EQ(std::move(loop).result(), 2LL * million);
  EXPECT_EQ(span.growth(), 0u);
}

TEST(Stack, MillionAwaitsOfSourcesCompletedInlineDoNotGrowTheStack) {
  manual_reset_source<int> source;
  stack_span span;
  value_task<std::int64_t> loop = await_sources_completed_inline(source, span);
  EXPECT_EQ(std::move(loop).result(), static_cast<std::int64_t>(million) * (million - 1) / 2);
  EXPECT_EQ(span.growth(), 0u);
}

TEST(Stack, MillionRoundsOfCoroutinesCompletingEachOtherInlineDoNotGrowTheStack) {
  manual_reset_source<int> ping_source;
  manual_reset_source<int> pong_source;
  stack_span span;
  value_task<void> responder = pong(pong_source, ping_source, million);
  value_task<void> initiator = ping(ping_source, pong_source, million, span);
  std::move(initiator).result();
  std::move(responder).result();
  EXPECT_EQ(span.growth(), 0u);
}

// ---- item 11: abandonment --------------------------------------------------------

TEST(Abandonment, DroppedPendingTaskStillCompletesAndFreesItsFrame) {
  manual_reset_source<int> source;
  int destroyed = 0;
  bool finished = false;
  { value_task<int> dropped = marked_operation(source, frame_marker(destroyed), finished); }
  EXPECT_FALSE(finished);
  EXPECT_EQ(destroyed, 0) << "the frame of a running operation was destroyed";
  source.set_result(1);
  EXPECT_TRUE(finished);
  EXPECT_EQ(destroyed, 1) << "the detached frame was not freed";
}

TEST(Abandonment, DroppedChainOfPendingTasksCompletesAndFreesEveryFrame) {
  manual_reset_source<int> source;
  int destroyed = 0;
  bool finished = false;
  { value_task<int> dropped = outer_of_marked(source, frame_marker(destroyed), destroyed, finished); }
  source.set_result(1);
  EXPECT_TRUE(finished);
  EXPECT_EQ(destroyed, 2);
}

TEST(Abandonment, SynchronouslyCompletedCoroutineHasFreedItsFrameWhenTheCallReturns) {
  manual_reset_source<int> source;
  source.set_result(1);
  int destroyed = 0;
  bool finished = false;
  value_task<int> completed = marked_operation(source, frame_marker(destroyed), finished);
  EXPECT_TRUE(finished);
  EXPECT_EQ(destroyed, 1) << "a frame that never suspended is freed by its own final suspend";
  EXPECT_TRUE(completed.is_completed_successfully());
  EXPECT_EQ(std::move(completed).result(), 1);
}

TEST(Abandonment, DroppedCompletedTaskFreesItsFrameAtOnce) {
  manual_reset_source<int> source;
  int destroyed = 0;
  bool finished = false;
  {
    value_task<int> dropped = marked_operation(source, frame_marker(destroyed), finished);
    source.set_result(1);
    EXPECT_TRUE(dropped.is_completed());
    EXPECT_EQ(destroyed, 0) << "a completed frame that suspended waits for its owner";
  }
  EXPECT_TRUE(finished);
  EXPECT_EQ(destroyed, 1);
}

TEST(Abandonment, TaskDroppedOnOneThreadWhileCompletedOnAnotherIsFreedOnce) {
  for (int i = 0; i < 1000; ++i) {
    manual_reset_source<int> source;
    int destroyed = 0;
    bool finished = false;
    value_task<int> task = marked_operation(source, frame_marker(destroyed), finished);
    std::thread completer([&source] { source.set_result(1); });
    { value_task<int> dropped = std::move(task); }
    completer.join();
    ASSERT_TRUE(finished);
    ASSERT_EQ(destroyed, 1);
  }
}
