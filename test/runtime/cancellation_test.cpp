// Cancellation through std::stop_token (manual_reset_source::cancel_on and
// first-completion-wins), when_any, and when_all over a std::vector.

// g++ 12 with the sanitizers reports libstdc++'s own std::stop_source()
// constructor (it passes *this to its member's constructor) as a read of
// uninitialised memory; the pragma must precede the first include of <stop_token>.
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <gtest/gtest.h>

#include <exception>
#include <memory>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <valuetask/value_task.hpp>

#include "test_support.hpp"

using valuetask::manual_reset_source;
using valuetask::misuse;
using valuetask::operation_cancelled;
using valuetask::task_misuse_error;
using valuetask::value_task;
using valuetask::void_result;
using valuetask::when_any;
using valuetask_test::allocation_meter;

namespace {

// What one awaiter of an operation saw.
struct outcome {
  bool resumed = false;
  int value = 0;
  bool cancelled = false;
  std::string error;
};

value_task<void> await_into(value_task<int> task, outcome& seen) {
  try {
    seen.value = co_await std::move(task);
  } catch (const operation_cancelled&) {
    seen.cancelled = true;
  } catch (const std::exception& error) {
    seen.error = error.what();
  }
  seen.resumed = true;
}

value_task<int> relay(manual_reset_source<int>& source) { co_return co_await source.task(); }
value_task<std::string> relay_string(manual_reset_source<std::string>& source) {
  co_return co_await source.task();
}

// ---- manual_reset_source::cancel_on -----------------------------------------------

TEST(SourceCancellation, stop_request_completes_pending_operation_with_operation_cancelled) {
  manual_reset_source<int> source;
  std::stop_source stop;
  source.cancel_on(stop.get_token());
  outcome seen;
  value_task<void> awaiter = await_into(source.task(), seen);
  EXPECT_FALSE(seen.resumed);
  stop.request_stop();
  EXPECT_TRUE(seen.resumed);
  EXPECT_TRUE(seen.cancelled);
  EXPECT_NO_THROW(source.set_result(1));  // the late result is dropped, not a misuse
  EXPECT_FALSE(source.try_set_result(source.version(), 2));
}

TEST(SourceCancellation, operation_cancelled_is_a_std_exception_with_a_message) {
  const operation_cancelled error;
  const std::exception& as_std = error;
  EXPECT_NE(std::string(as_std.what()).find("cancelled"), std::string::npos);
}

TEST(SourceCancellation, already_stopped_token_cancels_at_once) {
  manual_reset_source<int> source;
  std::stop_source stop;
  stop.request_stop();
  source.cancel_on(stop.get_token());
  value_task<int> task = source.task();
  ASSERT_TRUE(task.is_completed());
  EXPECT_THROW(static_cast<void>(std::move(task).result()), operation_cancelled);
}

TEST(SourceCancellation, result_that_comes_first_wins_over_later_stop) {
  manual_reset_source<int> source;
  std::stop_source stop;
  source.cancel_on(stop.get_token());
  outcome seen;
  value_task<void> awaiter = await_into(source.task(), seen);
  source.set_result(7);
  stop.request_stop();
  EXPECT_TRUE(seen.resumed);
  EXPECT_EQ(seen.value, 7);
  EXPECT_FALSE(seen.cancelled);
}

TEST(SourceCancellation, reset_ends_the_binding_so_an_old_token_cannot_cancel_the_next_operation) {
  manual_reset_source<int> source;
  std::stop_source old_stop;
  source.cancel_on(old_stop.get_token());
  source.set_result(1);
  EXPECT_EQ(source.task().result(), 1);
  source.reset();
  outcome seen;
  value_task<void> awaiter = await_into(source.task(), seen);
  old_stop.request_stop();
  EXPECT_FALSE(seen.resumed);
  source.set_result(2);
  EXPECT_EQ(seen.value, 2);
}

TEST(SourceCancellation, second_set_result_is_still_a_misuse_with_a_binding) {
  manual_reset_source<int> source;
  std::stop_source stop;
  source.cancel_on(stop.get_token());
  source.set_result(1);
  try {
    source.set_result(2);
    FAIL() << "a second set_result must throw";
  } catch (const task_misuse_error& error) {
    EXPECT_EQ(error.kind(), misuse::completed_twice);
  }
}

TEST(SourceCancellation, try_set_wins_once_and_reports_losing) {
  manual_reset_source<int> source;
  EXPECT_TRUE(source.try_set_result(source.version(), 3));
  EXPECT_FALSE(source.try_set_result(source.version(), 4));
  EXPECT_FALSE(source.try_set_exception(source.version(), std::make_exception_ptr(std::runtime_error("late"))));
  EXPECT_EQ(source.task().result(), 3);
}

TEST(SourceCancellation, try_set_after_plain_set_result_reports_losing) {
  manual_reset_source<int> source;
  source.set_result(5);
  EXPECT_FALSE(source.try_set_result(source.version(), 6));
  EXPECT_EQ(source.task().result(), 5);
}

TEST(SourceCancellation, exception_set_first_wins_over_stop) {
  manual_reset_source<int> source;
  std::stop_source stop;
  source.cancel_on(stop.get_token());
  outcome seen;
  value_task<void> awaiter = await_into(source.task(), seen);
  EXPECT_TRUE(source.try_set_exception(source.version(), std::make_exception_ptr(std::runtime_error("io failed"))));
  stop.request_stop();
  EXPECT_EQ(seen.error, "io failed");
  EXPECT_FALSE(seen.cancelled);
}

// The awaiter runs inside request_stop() and starts the next operation,
// rebinding the source, from inside the stop callback.
value_task<int> cancelled_then_rebound(manual_reset_source<int>& source, std::stop_source& first,
                                       std::stop_source& second) {
  source.cancel_on(first.get_token());
  try {
    co_await source.task();
  } catch (const operation_cancelled&) {
  }
  source.reset();
  source.cancel_on(second.get_token());
  co_return co_await source.task();
}

TEST(SourceCancellation, awaiter_may_reset_and_rebind_inside_the_stop_callback) {
  manual_reset_source<int> source;
  std::stop_source first, second;
  value_task<int> task = cancelled_then_rebound(source, first, second);
  first.request_stop();
  EXPECT_FALSE(task.is_completed());
  source.set_result(11);
  EXPECT_EQ(std::move(task).result(), 11);
}

TEST(SourceCancellation, cancellation_resumes_through_the_sources_executor) {
  valuetask_test::queue_executor loop;
  manual_reset_source<int> source(loop);
  std::stop_source stop;
  source.cancel_on(stop.get_token());
  outcome seen;
  value_task<void> awaiter = await_into(source.task(), seen);
  stop.request_stop();
  EXPECT_FALSE(seen.resumed);
  EXPECT_EQ(loop.pending(), 1U);
  loop.run_all();
  EXPECT_TRUE(seen.cancelled);
}

value_task<long> consume_bound_operations(manual_reset_source<int>& source, const std::stop_token& token,
                                          int operations, std::size_t& allocations) {
  long sum = 0;
  const allocation_meter meter;
  for (int i = 0; i < operations; ++i) {
    source.reset();
    source.cancel_on(token);
    source.set_result(i);
    sum += co_await source.task();
  }
  allocations = meter.count();
  co_return sum;
}

TEST(SourceCancellation, bound_operations_that_complete_allocate_nothing) {
  manual_reset_source<int> source;
  std::stop_source stop;
  std::size_t allocations = 1;
  value_task<long> task = consume_bound_operations(source, stop.get_token(), 100'000, allocations);
  EXPECT_EQ(std::move(task).result(), 100'000L * 99'999 / 2);
  EXPECT_EQ(allocations, 0U);
}

// ---- when_any -------------------------------------------------------------------

TEST(WhenAny, ready_child_wins_without_allocation_or_suspension) {
  manual_reset_source<int> pending;
  value_task<int> slow = pending.task();
  std::size_t allocations = 1;
  value_task<valuetask::when_any_result<int>> any;
  {
    const allocation_meter meter;
    any = when_any(std::move(slow), valuetask::from_result(5));
    allocations = meter.count();
  }
  EXPECT_EQ(allocations, 0U);
  ASSERT_TRUE(any.is_completed());
  auto [index, value] = std::move(any).result();
  EXPECT_EQ(index, 1U);
  EXPECT_EQ(value, 5);
  pending.set_result(1);  // the detached loser completes later with nobody waiting
}

TEST(WhenAny, first_ready_child_in_argument_order_wins) {
  auto [index, value] = when_any(valuetask::from_result(1), valuetask::from_result(2)).result();
  EXPECT_EQ(index, 0U);
  EXPECT_EQ(value, 1);
}

TEST(WhenAny, first_to_finish_wins_and_late_result_is_dropped) {
  manual_reset_source<int> a, b;
  value_task<valuetask::when_any_result<int>> any = when_any(relay(a), relay(b));
  EXPECT_FALSE(any.is_completed());
  b.set_result(20);
  ASSERT_TRUE(any.is_completed());
  a.set_result(10);
  auto [index, value] = std::move(any).result();
  EXPECT_EQ(index, 1U);
  EXPECT_EQ(value, 20);
}

TEST(WhenAny, children_of_different_types_give_a_variant) {
  manual_reset_source<std::string> text;
  manual_reset_source<void> signal;
  auto any = when_any(relay_string(text), signal.task());
  text.set_result("first");
  auto [index, value] = std::move(any).result();
  EXPECT_EQ(index, 0U);
  EXPECT_EQ(std::get<0>(value), "first");
  signal.set_result();
}

TEST(WhenAny, void_children_report_the_index) {
  manual_reset_source<void> a, b;
  auto any = when_any(a.task(), b.task());
  b.set_result();
  EXPECT_EQ(std::move(any).result().index, 1U);
  a.set_result();
}

TEST(WhenAny, first_to_finish_failing_propagates_its_exception) {
  manual_reset_source<int> a, b;
  auto any = when_any(relay(a), relay(b));
  a.set_exception(std::make_exception_ptr(std::runtime_error("a failed")));
  b.set_result(2);
  try {
    static_cast<void>(std::move(any).result());
    FAIL() << "when_any must rethrow the first finisher's exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "a failed");
  }
}

TEST(WhenAny, a_loser_failing_later_changes_nothing) {
  manual_reset_source<int> a, b;
  auto any = when_any(relay(a), relay(b));
  a.set_result(1);
  b.set_exception(std::make_exception_ptr(std::runtime_error("late failure")));
  EXPECT_EQ(std::move(any).result().value, 1);
}

TEST(WhenAny, awaited_from_a_coroutine_suspends_until_the_first_finishes) {
  manual_reset_source<int> a, b;
  auto waiter = [](manual_reset_source<int>& a, manual_reset_source<int>& b) -> value_task<int> {
    auto [index, value] = co_await when_any(relay(a), relay(b));
    co_return static_cast<int>(index) * 100 + value;
  };
  value_task<int> task = waiter(a, b);
  EXPECT_FALSE(task.is_completed());
  a.set_result(3);
  EXPECT_EQ(std::move(task).result(), 3);
  b.set_result(4);
}

TEST(WhenAny, stop_source_cancels_the_losers_before_the_awaiter_resumes) {
  std::stop_source stop;
  manual_reset_source<int> a, b, c;
  b.cancel_on(stop.get_token());
  c.cancel_on(stop.get_token());
  auto any = when_any(stop, relay(a), relay(b), relay(c));
  a.set_result(1);
  EXPECT_TRUE(stop.stop_requested());
  EXPECT_FALSE(b.try_set_result(b.version(), 0));  // completed already, by the stop request
  EXPECT_FALSE(c.try_set_result(c.version(), 0));  // completed already, by the stop request
  EXPECT_EQ(std::move(any).result().index, 0U);
}

TEST(WhenAny, stop_source_is_requested_on_the_ready_path_too) {
  std::stop_source stop;
  manual_reset_source<int> b;
  b.cancel_on(stop.get_token());
  auto any = when_any(stop, valuetask::from_result(1), relay(b));
  EXPECT_FALSE(b.try_set_result(b.version(), 0));  // completed already, by the stop request
  EXPECT_EQ(std::move(any).result().value, 1);
}

TEST(WhenAny, vector_of_children) {
  std::vector<manual_reset_source<int>> sources(4);
  std::vector<value_task<int>> tasks;
  for (auto& source : sources) tasks.push_back(relay(source));
  auto any = when_any(std::move(tasks));
  sources[2].set_result(22);
  for (std::size_t i : {0U, 1U, 3U}) sources[i].set_result(static_cast<int>(i));
  auto [index, value] = std::move(any).result();
  EXPECT_EQ(index, 2U);
  EXPECT_EQ(value, 22);
}

TEST(WhenAny, empty_vector_is_rejected) {
  std::vector<value_task<int>> none;
  EXPECT_THROW(static_cast<void>(when_any(std::move(none))), std::invalid_argument);
}

TEST(WhenAny, dropped_unawaited_race_frees_everything_when_children_finish) {
  manual_reset_source<int> a, b;
  { auto dropped = when_any(relay(a), relay(b)); }
  a.set_result(1);
  b.set_result(2);  // LeakSanitizer checks that the race, frames and drivers are gone
}

// ---- when_all over a vector --------------------------------------------------------

TEST(WhenAllRange, ready_children_give_a_completed_task_in_order) {
  std::vector<value_task<int>> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(valuetask::from_result(i * i));
  auto all = valuetask::when_all(std::move(tasks));
  ASSERT_TRUE(all.is_completed());
  EXPECT_EQ(std::move(all).result(), (std::vector<int>{0, 1, 4, 9, 16}));
}

TEST(WhenAllRange, pending_children_complete_in_any_order_results_in_vector_order) {
  std::vector<manual_reset_source<int>> sources(3);
  std::vector<value_task<int>> tasks;
  for (auto& source : sources) tasks.push_back(relay(source));
  auto all = valuetask::when_all(std::move(tasks));
  sources[2].set_result(2);
  sources[0].set_result(0);
  EXPECT_FALSE(all.is_completed());
  sources[1].set_result(1);
  EXPECT_EQ(std::move(all).result(), (std::vector<int>{0, 1, 2}));
}

TEST(WhenAllRange, first_failure_in_vector_order_wins_and_the_rest_are_consumed) {
  std::vector<manual_reset_source<int>> sources(3);
  std::vector<value_task<int>> tasks;
  for (auto& source : sources) tasks.push_back(relay(source));
  auto all = valuetask::when_all(std::move(tasks));
  sources[2].set_exception(std::make_exception_ptr(std::runtime_error("third")));
  sources[1].set_exception(std::make_exception_ptr(std::runtime_error("second")));
  sources[0].set_result(0);
  try {
    static_cast<void>(std::move(all).result());
    FAIL() << "when_all must rethrow";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "second");
  }
}

TEST(WhenAllRange, void_children_give_value_task_void) {
  std::vector<manual_reset_source<void>> sources(2);
  std::vector<value_task<void>> tasks;
  for (auto& source : sources) tasks.push_back(source.task());
  value_task<void> all = valuetask::when_all(std::move(tasks));
  sources[0].set_result();
  sources[1].set_result();
  ASSERT_TRUE(all.is_completed());
  EXPECT_NO_THROW(std::move(all).result());
}

TEST(WhenAllRange, empty_vector_completes_at_once) {
  std::vector<value_task<int>> none;
  EXPECT_TRUE(valuetask::when_all(std::move(none)).result().empty());
}

TEST(WhenAllRange, move_only_results) {
  std::vector<value_task<std::unique_ptr<int>>> tasks;
  tasks.push_back(valuetask::from_result(std::make_unique<int>(4)));
  auto results = valuetask::when_all(std::move(tasks)).result();
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(*results[0], 4);
}

}  // namespace
