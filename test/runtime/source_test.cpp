// manual_reset_source reused for many operations without an
// allocation per operation; continuations inline or on an executor; and the
// value_task_source interface for hand-written sources. (Stale versions and
// the other source misuses are in misuse_test.cpp, built at -O0 and -O2.)
#include <gtest/gtest.h>

#include <cstdint>
#include <exception>
#include <stdexcept>
#include <utility>

#include <valuetask/value_task.hpp>

#include "test_support.hpp"

using valuetask::manual_reset_source;
using valuetask::source_status;
using valuetask::value_task;
using valuetask_test::allocation_meter;

namespace {

constexpr int million = 1'000'000;

// Consumes `operations` operations of `source`, each completed later by the caller.
value_task<std::int64_t> consume_operations(manual_reset_source<int>& source, int operations) {
  std::int64_t sum = 0;
  for (int i = 0; i < operations; ++i) {
    sum += co_await source.task();
    source.reset();  // the operation is consumed: start the next one
  }
  co_return sum;
}

// Completes each operation before awaiting it: the await never suspends.
value_task<std::int64_t> consume_completed_operations(manual_reset_source<int>& source, int operations,
                                                      std::size_t& allocations) {
  std::int64_t sum = 0;
  const allocation_meter meter;
  for (int i = 0; i < operations; ++i) {
    source.reset();
    source.set_result(i);
    sum += co_await source.task();
  }
  allocations = meter.count();
  co_return sum;
}

value_task<int> relay(manual_reset_source<int>& source) { co_return co_await source.task(); }

std::int64_t sum_below(int n) { return static_cast<std::int64_t>(n) * (n - 1) / 2; }

// A hand-written source: an operation that is always complete, whose result
// is its version (as a timer or socket would implement the interface).
class version_echo final : public valuetask::value_task_source<std::uint32_t> {
 public:
  source_status status(std::uint32_t) const override { return source_status::succeeded; }
  std::uint32_t result(std::uint32_t version) override { return version; }
  bool on_completed(std::coroutine_handle<>, std::uint32_t) override { return false; }
};

value_task<std::uint32_t> await_echo(version_echo& echo, std::uint32_t version) {
  co_return co_await value_task<std::uint32_t>(echo, version);
}

}  // namespace

TEST(Source, MillionSuspendingOperationsAllocateNothingAfterWarmUp) {
  manual_reset_source<int> source;
  value_task<std::int64_t> consumer = consume_operations(source, million);
  source.set_result(0);  // warm-up: the first operation
  const allocation_meter meter;
  for (int i = 1; i < million; ++i) source.set_result(i);  // each resumes the consumer inline
  const std::size_t allocations = meter.count();
  EXPECT_EQ(allocations, 0u);
  ASSERT_TRUE(consumer.is_completed());
  EXPECT_EQ(std::move(consumer).result(), sum_below(million));
  EXPECT_EQ(source.version(), static_cast<std::uint32_t>(million));
}

TEST(Source, MillionOperationsCompletedBeforeTheAwaitAllocateNothing) {
  manual_reset_source<int> source;
  std::size_t allocations = 1;
  value_task<std::int64_t> consumer = consume_completed_operations(source, million, allocations);
  ASSERT_TRUE(consumer.is_completed());
  EXPECT_EQ(std::move(consumer).result(), sum_below(million));
  EXPECT_EQ(allocations, 0u);
}

TEST(Source, TaskReportsTheOperationStatus) {
  manual_reset_source<int> source;
  value_task<int> pending = source.task();
  EXPECT_FALSE(pending.is_completed());
  EXPECT_EQ(source.status(source.version()), source_status::pending);
  source.set_result(1);
  EXPECT_TRUE(pending.is_completed_successfully());
  EXPECT_EQ(std::move(pending).result(), 1);

  source.reset();
  source.set_exception(std::make_exception_ptr(std::runtime_error("failed")));
  EXPECT_EQ(source.status(source.version()), source_status::faulted);
  EXPECT_TRUE(source.task().is_faulted());
}

TEST(Source, ResetBumpsTheVersion) {
  manual_reset_source<int> source;
  const std::uint32_t first = source.version();
  source.reset();
  EXPECT_EQ(source.version(), first + 1);
}

TEST(Source, ContinuationsRunInlineByDefault) {
  manual_reset_source<int> source;
  value_task<int> awaiting = relay(source);
  source.set_result(6);
  EXPECT_TRUE(awaiting.is_completed());
  EXPECT_EQ(std::move(awaiting).result(), 6);
}

TEST(Source, ContinuationsRunOnTheExecutorWhenOneIsGiven) {
  valuetask_test::queue_executor executor;
  manual_reset_source<int> source(executor);
  value_task<int> awaiting = relay(source);
  source.set_result(6);
  EXPECT_FALSE(awaiting.is_completed()) << "the continuation ran inline";
  EXPECT_EQ(executor.pending(), 1u);
  executor.run_all();
  EXPECT_TRUE(awaiting.is_completed());
  EXPECT_EQ(std::move(awaiting).result(), 6);
}

TEST(Source, ExecutorIsNotUsedWhenTheOperationCompletedBeforeTheAwait) {
  valuetask_test::queue_executor executor;
  manual_reset_source<int> source(executor);
  source.set_result(2);
  value_task<int> awaiting = relay(source);
  EXPECT_TRUE(awaiting.is_completed());
  EXPECT_EQ(executor.pending(), 0u);
  EXPECT_EQ(std::move(awaiting).result(), 2);
}

TEST(Source, HandWrittenSourceBacksAValueTask) {
  version_echo echo;
  value_task<std::uint32_t> task(echo, 17);
  EXPECT_TRUE(task.is_completed_successfully());
  EXPECT_EQ(std::move(task).result(), 17u);
  EXPECT_EQ(await_echo(echo, 23).result(), 23u);
}
