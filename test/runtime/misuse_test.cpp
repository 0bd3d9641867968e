// Exceptions reach every consumer, and every run-time
// misuse throws task_misuse_error with a message that names it. This file is
// compiled twice, at -O0 and at -O2 -DNDEBUG: the checks are not assertions.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <valuetask/value_task.hpp>

#include "test_support.hpp"

#ifdef VALUETASK_TEST_EXPECT_OPTIMIZED
#  if !defined(__OPTIMIZE__) || !defined(NDEBUG)
#    error "this variant of the misuse tests must be built with -O2 -DNDEBUG"
#  endif
#elif defined(__OPTIMIZE__) || defined(NDEBUG)
#  error "this variant of the misuse tests must be built with -O0 and without NDEBUG"
#endif

using valuetask::manual_reset_source;
using valuetask::misuse;
using valuetask::task_misuse_error;
using valuetask::value_task;

namespace {

template <class Action>
void expect_misuse(Action&& action, misuse kind, std::string_view message_part) {
  try {
    std::forward<Action>(action)();
  } catch (const task_misuse_error& error) {
    EXPECT_EQ(error.kind(), kind);
    EXPECT_NE(std::string_view(error.what()).find(message_part), std::string_view::npos)
        << "message: " << error.what();
    return;
  }
  ADD_FAILURE() << "expected a task_misuse_error";
}

template <class Action>
std::string runtime_error_of(Action&& action) {
  try {
    std::forward<Action>(action)();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "(nothing thrown)";
}

value_task<int> returns_int() { co_return 42; }

value_task<int> throws_eagerly() {
  throw std::runtime_error("thrown before any suspension");
  co_return 0;
}

value_task<int> throws_after_await(manual_reset_source<int>& source) {
  static_cast<void>(co_await source.task());
  throw std::runtime_error("thrown after a suspension");
}

value_task<int> relay(value_task<int> task) { co_return co_await std::move(task); }

value_task<int> await_twice(value_task<int> task) {
  const int first = co_await std::move(task);
  const int second = co_await std::move(task);
  co_return first + second;
}

value_task<int> await_after_moving(value_task<int> task) {
  value_task<int> moved_to = std::move(task);
  co_return co_await std::move(task);
}

}  // namespace

// ---- item 3: exceptions ------------------------------------------------------

TEST(Exceptions, ThrownInCoroutineReachesCoAwait) {
  EXPECT_EQ(runtime_error_of([] { static_cast<void>(relay(throws_eagerly()).result()); }),
            "thrown before any suspension");
  manual_reset_source<int> source;
  value_task<int> awaiting = relay(throws_after_await(source));
  source.set_result(1);
  EXPECT_EQ(runtime_error_of([&] { static_cast<void>(std::move(awaiting).result()); }),
            "thrown after a suspension");
}

TEST(Exceptions, ThrownInCoroutineReachesResult) {
  value_task<int> task = throws_eagerly();
  EXPECT_TRUE(task.is_faulted());
  EXPECT_EQ(runtime_error_of([&] { static_cast<void>(std::move(task).result()); }),
            "thrown before any suspension");
}

TEST(Exceptions, ThrownInCoroutineReachesSyncWait) {
  manual_reset_source<int> source;
  source.set_result(1);  // completes at once: the coroutine throws eagerly
  EXPECT_EQ(runtime_error_of([&] { valuetask::sync_wait(throws_after_await(source)); }),
            "thrown after a suspension");
}

TEST(Exceptions, ThrownInCoroutineReachesWhenAll) {
  manual_reset_source<int> source;
  value_task<std::tuple<int, int>> both = valuetask::when_all(returns_int(), throws_after_await(source));
  EXPECT_FALSE(both.is_completed());
  source.set_result(1);
  EXPECT_TRUE(both.is_faulted());
  EXPECT_EQ(runtime_error_of([&] { static_cast<void>(std::move(both).result()); }),
            "thrown after a suspension");
}

TEST(Exceptions, SetOnSourceReachesCoAwaitResultSyncWaitAndWhenAll) {
  const auto failure = std::make_exception_ptr(std::runtime_error("source failed"));
  manual_reset_source<int> source;

  value_task<int> awaiting = relay(source.task());
  source.set_exception(failure);
  EXPECT_EQ(runtime_error_of([&] { static_cast<void>(std::move(awaiting).result()); }),
            "source failed");

  source.reset();
  source.set_exception(failure);
  EXPECT_TRUE(source.task().is_faulted());
  EXPECT_EQ(runtime_error_of([&] { static_cast<void>(source.task().result()); }), "source failed");

  source.reset();
  source.set_exception(failure);
  EXPECT_EQ(runtime_error_of([&] { valuetask::sync_wait(source.task()); }), "source failed");

  source.reset();
  value_task<std::tuple<int, int>> both = valuetask::when_all(source.task(), returns_int());
  source.set_exception(failure);
  EXPECT_EQ(runtime_error_of([&] { static_cast<void>(std::move(both).result()); }), "source failed");
}

// ---- item 5: single consumption, checked at run time --------------------------

TEST(Misuse, SecondCoAwaitOfTheSameTaskThrows) {
  expect_misuse([] { static_cast<void>(await_twice(returns_int()).result()); },
                misuse::consumed_twice, "co_await on a value_task that was already consumed");
}

TEST(Misuse, ResultAfterAwaitThrows) {
  value_task<int> task = returns_int();
  EXPECT_EQ(relay(std::move(task)).result(), 42);
  expect_misuse([&] { static_cast<void>(std::move(task).result()); }, misuse::moved_from_task,
                "result() on a value_task that was moved from");

  value_task<int> awaited_in_place = returns_int();
  manual_reset_source<void> gate;
  auto await_in_place = [](value_task<int>& task, manual_reset_source<void>& gate) -> value_task<int> {
    const int value = co_await std::move(task);
    co_await gate.task();
    co_return value;
  };
  value_task<int> awaiting = await_in_place(awaited_in_place, gate);
  expect_misuse([&] { static_cast<void>(std::move(awaited_in_place).result()); },
                misuse::consumed_twice, "result() on a value_task that was already consumed");
  gate.set_result();
  EXPECT_EQ(std::move(awaiting).result(), 42);
}

TEST(Misuse, PreserveTwiceThrows) {
  value_task<int> task = returns_int();
  const valuetask::shared_task<int> shared = std::move(task).preserve();
  expect_misuse([&] { static_cast<void>(std::move(task).preserve()); }, misuse::consumed_twice,
                "preserve() on a value_task that was already consumed");
  EXPECT_EQ(shared.result(), 42);
}

TEST(Misuse, SecondConcurrentAwaiterOfOneSourceOperationThrows) {
  manual_reset_source<int> source;
  value_task<int> first = relay(source.task());
  expect_misuse([&] { static_cast<void>(relay(source.task()).result()); }, misuse::second_awaiter,
                "a second awaiter for one operation");
  source.set_result(3);
  EXPECT_EQ(std::move(first).result(), 3);
}

TEST(Misuse, ResultOfPendingTaskThrowsWithoutConsumingIt) {
  manual_reset_source<int> source;
  value_task<int> pending_coroutine = relay(source.task());
  value_task<int> pending_source = source.task();
  expect_misuse([&] { static_cast<void>(std::move(pending_coroutine).result()); },
                misuse::result_of_pending, "result() on a task that has not completed");
  expect_misuse([&] { static_cast<void>(std::move(pending_source).result()); },
                misuse::result_of_pending, "result() on a task that has not completed");
  source.set_result(8);
  EXPECT_EQ(std::move(pending_coroutine).result(), 8);
}

TEST(Misuse, TakingOneSourceResultTwiceThrows) {
  manual_reset_source<int> source;
  value_task<int> first = source.task();
  value_task<int> second = source.task();
  source.set_result(1);
  EXPECT_EQ(std::move(first).result(), 1);
  expect_misuse([&] { static_cast<void>(std::move(second).result()); },
                misuse::operation_consumed_twice,
                "result() on a source operation whose result was already taken");
}

TEST(Misuse, AwaitingAfterMovingFromTheTaskThrows) {
  expect_misuse([] { static_cast<void>(await_after_moving(returns_int()).result()); },
                misuse::moved_from_task, "co_await on a value_task that was moved from");
}

TEST(Misuse, ConsumingAnEmptyTaskThrows) {
  expect_misuse([] { static_cast<void>(relay(value_task<int>()).result()); }, misuse::empty_task,
                "co_await on an empty task");
  expect_misuse([] { valuetask::sync_wait(value_task<void>()); }, misuse::empty_task,
                "sync_wait on an empty task");
  expect_misuse([] { static_cast<void>(valuetask::when_all(value_task<int>())); },
                misuse::empty_task, "when_all on an empty task");
  expect_misuse([] { static_cast<void>(valuetask::shared_task<int>().result()); },
                misuse::empty_task, "result() on an empty task");
}

TEST(Misuse, ConsumedTasksGivenToWhenAnyAndWhenAllOverARangeThrow) {
  expect_misuse(
      [] {
        value_task<int> t = valuetask::from_result(1);
        static_cast<void>(std::move(t).result());
        static_cast<void>(valuetask::when_any(std::move(t), valuetask::from_result(2)));
      },
      misuse::consumed_twice, "when_any on a value_task that was already consumed");
  expect_misuse(
      [] {
        std::vector<value_task<int>> tasks;
        tasks.emplace_back();
        static_cast<void>(valuetask::when_all(std::move(tasks)));
      },
      misuse::empty_task, "when_all on an empty task");
}

TEST(Misuse, StaleSourceVersionIsReportedWithBothVersions) {
  manual_reset_source<int> source;
  value_task<int> stale = source.task();
  source.set_result(1);
  source.reset();
  source.set_result(2);
  expect_misuse([&] { static_cast<void>(relay(std::move(stale)).result()); }, misuse::stale_version,
                "obtained at source version 0 but the source was reset() to version 1");
  EXPECT_EQ(source.task().result(), 2);
}

TEST(Misuse, StaleTaskIsReportedByObserversAndResultToo) {
  manual_reset_source<int> source;
  value_task<int> stale = source.task();
  source.reset();
  expect_misuse([&] { static_cast<void>(stale.is_completed()); }, misuse::stale_version,
                "stale value_task");
  expect_misuse([&] { static_cast<void>(std::move(stale).result()); }, misuse::stale_version,
                "stale value_task");
}

TEST(Misuse, CompletingOneSourceOperationTwiceThrows) {
  manual_reset_source<int> source;
  source.set_result(1);
  expect_misuse([&] { source.set_result(2); }, misuse::completed_twice,
                "set_result() on a source operation that is already completed");
  expect_misuse([&] { source.set_exception(std::make_exception_ptr(std::logic_error("late"))); },
                misuse::completed_twice,
                "set_exception() on a source operation that is already completed");
  EXPECT_EQ(source.task().result(), 1);
}

TEST(Misuse, ResettingWhileAnAwaiterWaitsThrows) {
  manual_reset_source<int> source;
  value_task<int> awaiting = relay(source.task());
  expect_misuse([&] { source.reset(); }, misuse::reset_while_awaited,
                "reset() while an awaiter still waits");
  source.set_result(4);
  EXPECT_EQ(std::move(awaiting).result(), 4);
}

TEST(Misuse, MisuseErrorIsALogicError) {
  static_assert(std::is_base_of_v<std::logic_error, task_misuse_error>);
  expect_misuse([] { static_cast<void>(value_task<int>().result()); }, misuse::empty_task,
                "valuetask: result() on an empty task");
}
