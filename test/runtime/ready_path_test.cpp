// A task that is ready when it is made (the cache-hit pattern)
// costs no allocation and never suspends its awaiter.
#include <gtest/gtest.h>

#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

#include <valuetask/value_task.hpp>

#include "test_support.hpp"

using valuetask::value_task;
using valuetask_test::allocation_meter;

static_assert(sizeof(value_task<int>) == 2 * sizeof(void*));

namespace {

// Ordinary functions, not coroutines: the seed's synchronous cache hit.
value_task<int> hit_by_constructor(int value) { return value_task<int>(value); }
value_task<int> hit_by_from_result(int value) { return valuetask::from_result(value); }
value_task<int> failed_lookup() {
  return valuetask::from_exception<int>(std::make_exception_ptr(std::runtime_error("no such key")));
}

struct await_report {
  int value = 0;
  std::size_t allocations = 0;
  std::string error;
};

// Meters exactly the `co_await` of a ready task made by `make`.
value_task<void> await_and_meter(value_task<int> (*make)(int), int argument, await_report& report) {
  value_task<int> task = make(argument);
  const allocation_meter meter;
  try {
    report.value = co_await std::move(task);
  } catch (const std::runtime_error& error) {
    report.error = error.what();
  }
  report.allocations = meter.count();
}

value_task<int> throw_away_argument(int) { return failed_lookup(); }

}  // namespace

TEST(ReadyPath, ValueTaskOfIntIsTwoMachineWords) {
  EXPECT_EQ(sizeof(value_task<int>), 2 * sizeof(void*));
}

TEST(ReadyPath, ConstructedFromValueIsCompletedSuccessfully) {
  value_task<int> task = hit_by_constructor(42);
  EXPECT_TRUE(task.is_completed());
  EXPECT_TRUE(task.is_completed_successfully());
  EXPECT_FALSE(task.is_faulted());
  EXPECT_EQ(std::move(task).result(), 42);
}

TEST(ReadyPath, FromExceptionIsCompletedAndFaulted) {
  value_task<int> task = failed_lookup();
  EXPECT_TRUE(task.is_completed());
  EXPECT_FALSE(task.is_completed_successfully());
  EXPECT_TRUE(task.is_faulted());
  EXPECT_THROW(static_cast<void>(std::move(task).result()), std::runtime_error);
}

TEST(ReadyPath, MakingAndTakingReadyTasksAllocatesNothing) {
  const allocation_meter meter;
  int sum = std::move(hit_by_constructor(1)).result();
  sum += std::move(hit_by_from_result(2)).result();
  sum += std::move(valuetask::from_result(3)).result();
  std::move(valuetask::from_result()).result();
  const std::size_t allocations = meter.count();
  EXPECT_EQ(sum, 6);
  EXPECT_EQ(allocations, 0u);
}

TEST(ReadyPath, AwaitingConstructedTaskNeitherSuspendsNorAllocates) {
  await_report report;
  value_task<void> awaiting = await_and_meter(hit_by_constructor, 42, report);
  EXPECT_TRUE(awaiting.is_completed()) << "the awaiting coroutine suspended";
  std::move(awaiting).result();
  EXPECT_EQ(report.value, 42);
  EXPECT_EQ(report.allocations, 0u);
}

TEST(ReadyPath, AwaitingFromResultNeitherSuspendsNorAllocates) {
  await_report report;
  value_task<void> awaiting = await_and_meter(hit_by_from_result, 7, report);
  EXPECT_TRUE(awaiting.is_completed()) << "the awaiting coroutine suspended";
  std::move(awaiting).result();
  EXPECT_EQ(report.value, 7);
  EXPECT_EQ(report.allocations, 0u);
}

TEST(ReadyPath, AwaitingFromExceptionRethrowsWithoutSuspendingOrAllocating) {
  await_report report;
  value_task<void> awaiting = await_and_meter(throw_away_argument, 0, report);
  EXPECT_TRUE(awaiting.is_completed()) << "the awaiting coroutine suspended";
  std::move(awaiting).result();
  EXPECT_EQ(report.error, "no such key");
  EXPECT_EQ(report.allocations, 0u);
}

TEST(ReadyPath, DefaultConstructedTaskIsEmptyAndNotCompleted) {
  const value_task<int> task;
  EXPECT_FALSE(task.is_completed());
  EXPECT_FALSE(task.is_completed_successfully());
  EXPECT_FALSE(task.is_faulted());
}

TEST(ReadyPath, MoveOnlyAndNonDefaultConstructibleValuesAreHeldInline) {
  value_task<std::unique_ptr<int>> pointer(std::make_unique<int>(5));
  value_task<valuetask_test::no_default> custom(valuetask_test::no_default(9));
  value_task<std::unique_ptr<int>> moved = std::move(pointer);
  EXPECT_EQ(*std::move(moved).result(), 5);
  EXPECT_EQ(std::move(custom).result().value, 9);
}
