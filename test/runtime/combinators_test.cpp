// preserve() shares one result among several awaiters;
// sync_wait and when_all, where children that are already completed cost
// neither an allocation nor a suspension.
#include <gtest/gtest.h>

#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <valuetask/value_task.hpp>

#include "test_support.hpp"

using valuetask::manual_reset_source;
using valuetask::shared_task;
using valuetask::value_task;
using valuetask::void_result;
using valuetask_test::allocation_meter;

namespace {

value_task<int> relay(manual_reset_source<int>& source) { co_return co_await source.task(); }

value_task<int> returns_int() { co_return 42; }

// One consumer of a shared task: records the address of the value it saw,
// or the exception.
struct observation {
  const void* value_address = nullptr;
  int value = 0;
  std::exception_ptr error;
};

template <class T>
value_task<void> observe(shared_task<T> shared, observation& seen) {
  try {
    const T& value = co_await shared;
    seen.value_address = &value;
    seen.value = *value;
  } catch (...) {
    seen.error = std::current_exception();
  }
}

value_task<void> observe_int(shared_task<int> shared, observation& seen) {
  try {
    const int& value = co_await shared;
    seen.value_address = &value;
    seen.value = value;
  } catch (...) {
    seen.error = std::current_exception();
  }
}

// Awaits a ready shared task three times and meters the awaits.
value_task<int> await_three_times(shared_task<int> shared, std::size_t& allocations) {
  const allocation_meter meter;
  const int sum = co_await shared + co_await shared + co_await shared;
  allocations = meter.count();
  co_return sum;
}

template <class... Ts>
value_task<std::size_t> meter_when_all(std::size_t& allocations, value_task<Ts>... children) {
  const allocation_meter meter;
  auto results = co_await valuetask::when_all(std::move(children)...);
  allocations = meter.count();
  co_return std::tuple_size_v<decltype(results)>;
}

}  // namespace

// ---- item 6: preserve() --------------------------------------------------------

TEST(Preserve, ThreeAwaitersOfAPendingTaskGetTheSameValue) {
  manual_reset_source<int> source;
  const shared_task<int> shared = relay(source).preserve();
  std::vector<observation> seen(3);
  std::vector<value_task<void>> consumers;
  for (observation& each : seen) consumers.push_back(observe_int(shared, each));
  for (const value_task<void>& consumer : consumers) EXPECT_FALSE(consumer.is_completed());

  source.set_result(7);
  for (value_task<void>& consumer : consumers) std::move(consumer).result();
  for (const observation& each : seen) {
    EXPECT_EQ(each.value, 7);
    EXPECT_EQ(each.value_address, seen[0].value_address) << "each awaiter got its own copy";
    EXPECT_FALSE(each.error);
  }
  EXPECT_EQ(shared.result(), 7);
}

TEST(Preserve, ThreeAwaitersOfAPendingTaskGetTheSameException) {
  manual_reset_source<int> source;
  const shared_task<int> shared = relay(source).preserve();
  std::vector<observation> seen(3);
  std::vector<value_task<void>> consumers;
  for (observation& each : seen) consumers.push_back(observe_int(shared, each));

  source.set_exception(std::make_exception_ptr(std::runtime_error("shared failure")));
  for (value_task<void>& consumer : consumers) std::move(consumer).result();
  for (const observation& each : seen) {
    ASSERT_TRUE(each.error);
    EXPECT_EQ(each.error, seen[0].error) << "each awaiter got a different exception object";
  }
  EXPECT_TRUE(shared.is_faulted());
  EXPECT_THROW(static_cast<void>(shared.result()), std::runtime_error);
}

TEST(Preserve, AwaitersOnSeveralThreadsRacingWithCompletionAreAllResumedOnce) {
  // Three threads register while the main thread completes the operation:
  // each waiter is either queued and resumed, or sees the result at once.
  constexpr int rounds = 200;
  for (int round = 0; round < rounds; ++round) {
    manual_reset_source<int> source;
    const shared_task<int> shared = relay(source).preserve();
    std::vector<observation> seen(3);
    std::vector<std::thread> awaiters;
    for (observation& each : seen) {
      awaiters.emplace_back([&shared, &each] { valuetask::sync_wait(observe_int(shared, each)); });
    }
    source.set_result(round);
    for (std::thread& awaiter : awaiters) awaiter.join();
    for (const observation& each : seen) ASSERT_EQ(each.value, round);
  }
}

TEST(Preserve, AwaitersArrivingAfterCompletionDoNotSuspend) {
  manual_reset_source<int> source;
  const shared_task<int> shared = relay(source).preserve();
  source.set_result(3);
  observation seen;
  value_task<void> late = observe_int(shared, seen);
  EXPECT_TRUE(late.is_completed());
  EXPECT_EQ(seen.value, 3);
}

TEST(Preserve, PreservingAReadyTaskTakesOneRecycledBlockAndCopiesAllocateNothing) {
  const std::exception_ptr failure = std::make_exception_ptr(std::logic_error("x"));
  {
    const shared_task<int> warm_up_value = valuetask::from_result(0).preserve();
    const shared_task<int> warm_up_error = valuetask::from_exception<int>(failure).preserve();
  }
  const allocation_meter meter;
  const shared_task<int> value = valuetask::from_result(5).preserve();
  const shared_task<int> copy = value;
  const shared_task<int> error = valuetask::from_exception<int>(failure).preserve();
  const int sum = value.result() + copy.result();
  const std::size_t allocations = meter.count();
  EXPECT_EQ(sum, 10);
  EXPECT_EQ(allocations, 0u) << "the shared block comes from the frame cache";
  EXPECT_TRUE(error.is_faulted());
}

TEST(Preserve, PreservingACompletedCoroutineAllocatesNothingMore) {
  { const shared_task<int> warm_up = returns_int().preserve(); }  // fills the frame cache
  value_task<int> completed = returns_int();
  const allocation_meter meter;
  const shared_task<int> shared = std::move(completed).preserve();
  const std::size_t allocations = meter.count();
  EXPECT_EQ(allocations, 0u);
  EXPECT_EQ(shared.result(), 42);
}

TEST(Preserve, ThreeAwaitsOfAReadySharedTaskAllocateNothing) {
  std::size_t allocations = 1;
  value_task<int> sum = await_three_times(valuetask::from_result(4).preserve(), allocations);
  EXPECT_TRUE(sum.is_completed());
  EXPECT_EQ(std::move(sum).result(), 12);
  EXPECT_EQ(allocations, 0u);
}

TEST(Preserve, MoveOnlyResultsAreSharedByReference) {
  manual_reset_source<std::unique_ptr<int>> source;
  auto relay_pointer = [](manual_reset_source<std::unique_ptr<int>>& s) -> value_task<std::unique_ptr<int>> {
    co_return co_await s.task();
  };
  const shared_task<std::unique_ptr<int>> shared = relay_pointer(source).preserve();
  std::vector<observation> seen(3);
  std::vector<value_task<void>> consumers;
  for (observation& each : seen) consumers.push_back(observe(shared, each));
  source.set_result(std::make_unique<int>(11));
  for (value_task<void>& consumer : consumers) std::move(consumer).result();
  for (const observation& each : seen) {
    EXPECT_EQ(each.value, 11);
    EXPECT_EQ(each.value_address, seen[0].value_address);
  }
  // A ready move-only result is shared the same way.
  const shared_task<std::unique_ptr<int>> ready =
      valuetask::from_result(std::make_unique<int>(12)).preserve();
  EXPECT_EQ(*ready.result(), 12);
}

TEST(Preserve, VoidTasksCanBeShared) {
  manual_reset_source<void> source;
  auto relay_void = [](manual_reset_source<void>& s) -> value_task<void> { co_await s.task(); };
  const shared_task<void> shared = relay_void(source).preserve();
  EXPECT_FALSE(shared.is_completed());
  source.set_result();
  EXPECT_TRUE(shared.is_completed_successfully());
  shared.result();
}

// ---- item 7: sync_wait and when_all ----------------------------------------------

TEST(SyncWait, ReadyTaskCostsNoAllocation) {
  value_task<int> ready = valuetask::from_result(9);
  value_task<int> completed_coroutine = returns_int();
  const allocation_meter meter;
  const int sum = valuetask::sync_wait(std::move(ready)) + valuetask::sync_wait(std::move(completed_coroutine));
  valuetask::sync_wait(valuetask::from_result());
  const std::size_t allocations = meter.count();
  EXPECT_EQ(sum, 51);
  EXPECT_EQ(allocations, 0u);
}

TEST(WhenAll, ReadyChildrenGiveACompletedTaskWithoutAllocating) {
  value_task<int> ready = valuetask::from_result(1);
  value_task<void> nothing = valuetask::from_result();
  value_task<int> completed_coroutine = returns_int();
  const allocation_meter meter;
  value_task<std::tuple<int, void_result, int>> all =
      valuetask::when_all(std::move(ready), std::move(nothing), std::move(completed_coroutine));
  const bool completed = all.is_completed();
  const auto [first, placeholder, third] = std::move(all).result();
  const std::size_t allocations = meter.count();
  EXPECT_TRUE(completed);
  EXPECT_EQ(first, 1);
  EXPECT_EQ(placeholder, void_result{});
  EXPECT_EQ(third, 42);
  EXPECT_EQ(allocations, 0u);
}

TEST(WhenAll, AwaitingReadyChildrenNeitherSuspendsNorAllocates) {
  std::size_t allocations = 1;
  value_task<std::size_t> awaiting =
      meter_when_all(allocations, valuetask::from_result(1), valuetask::from_result(std::string("a")),
                     valuetask::from_result());
  EXPECT_TRUE(awaiting.is_completed()) << "the awaiting coroutine suspended";
  EXPECT_EQ(std::move(awaiting).result(), 3u);
  EXPECT_EQ(allocations, 0u);
}

TEST(WhenAll, NoChildrenGiveACompletedEmptyTuple) {
  value_task<std::tuple<>> none = valuetask::when_all();
  EXPECT_TRUE(none.is_completed_successfully());
}

TEST(WhenAll, PendingChildrenCompleteTheTaskWhenTheLastOneDoes) {
  manual_reset_source<int> first;
  manual_reset_source<void> second;
  auto relay_void = [](manual_reset_source<void>& s) -> value_task<void> { co_await s.task(); };
  value_task<std::tuple<int, void_result, int>> all =
      valuetask::when_all(relay(first), relay_void(second), valuetask::from_result(3));
  EXPECT_FALSE(all.is_completed());
  second.set_result();
  EXPECT_FALSE(all.is_completed());
  first.set_result(1);
  ASSERT_TRUE(all.is_completed());
  const auto [one, placeholder, three] = valuetask::sync_wait(std::move(all));
  EXPECT_EQ(one, 1);
  EXPECT_EQ(placeholder, void_result{});
  EXPECT_EQ(three, 3);
}

TEST(WhenAll, WaitsForEveryChildAndRethrowsTheFirstFailureInArgumentOrder) {
  manual_reset_source<int> first;
  manual_reset_source<int> second;
  value_task<std::tuple<int, int>> all = valuetask::when_all(relay(first), relay(second));
  second.set_exception(std::make_exception_ptr(std::runtime_error("second")));
  EXPECT_FALSE(all.is_completed()) << "when_all finished before every child did";
  first.set_exception(std::make_exception_ptr(std::runtime_error("first")));
  ASSERT_TRUE(all.is_faulted());
  try {
    static_cast<void>(std::move(all).result());
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "first");
  }
}

TEST(WhenAll, MoveOnlyResultsAreMovedIntoTheTuple) {
  manual_reset_source<int> source;
  value_task<std::tuple<std::unique_ptr<int>, int>> all =
      valuetask::when_all(valuetask::from_result(std::make_unique<int>(4)), relay(source));
  source.set_result(5);
  auto [pointer, value] = valuetask::sync_wait(std::move(all));
  EXPECT_EQ(*pointer, 4);
  EXPECT_EQ(value, 5);
}
