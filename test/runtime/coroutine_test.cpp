// value_task coroutines for several result types, eager start,
// and completion after a suspension on the same thread and on another one.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <utility>

#include <valuetask/value_task.hpp>

#include "test_support.hpp"

using valuetask::manual_reset_source;
using valuetask::value_task;
using valuetask_test::no_default;

namespace {

value_task<int> returns_int() { co_return 42; }
value_task<void> returns_void(bool& ran) {
  ran = true;
  co_return;
}
value_task<std::string> returns_string() { co_return std::string(100, 'x'); }
value_task<std::unique_ptr<int>> returns_unique_ptr() { co_return std::make_unique<int>(7); }
value_task<no_default> returns_no_default() { co_return no_default(3); }

// Awaits one operation of `source`, then returns what it produced.
template <class T>
value_task<T> relay(manual_reset_source<T>& source) {
  T value = co_await source.task();
  co_return value;
}

value_task<void> relay_void(manual_reset_source<void>& source, bool& resumed) {
  co_await source.task();
  resumed = true;
}

value_task<int> records_progress(manual_reset_source<int>& source, bool& started, bool& finished) {
  started = true;
  const int value = co_await source.task();
  finished = true;
  co_return value;
}

value_task<int> outer_awaits_inner(manual_reset_source<int>& source) {
  const int inner = co_await relay(source);
  co_return inner + 1;
}

value_task<std::thread::id> resuming_thread(manual_reset_source<int>& source) {
  static_cast<void>(co_await source.task());
  co_return std::this_thread::get_id();
}

}  // namespace

TEST(Coroutine, NeverSuspendingCoroutinesAreCompletedWhenTheCallReturns) {
  value_task<int> integer = returns_int();
  bool ran = false;
  value_task<void> nothing = returns_void(ran);
  value_task<std::string> text = returns_string();
  value_task<std::unique_ptr<int>> pointer = returns_unique_ptr();
  value_task<no_default> custom = returns_no_default();

  EXPECT_TRUE(integer.is_completed());
  EXPECT_TRUE(nothing.is_completed());
  EXPECT_TRUE(ran);
  EXPECT_TRUE(text.is_completed());
  EXPECT_TRUE(pointer.is_completed());
  EXPECT_TRUE(custom.is_completed_successfully());

  EXPECT_EQ(std::move(integer).result(), 42);
  std::move(nothing).result();
  EXPECT_EQ(std::move(text).result(), std::string(100, 'x'));
  EXPECT_EQ(*std::move(pointer).result(), 7);
  EXPECT_EQ(std::move(custom).result().value, 3);
}

TEST(Coroutine, EagerStartRunsTheBodyUntilTheFirstSuspension) {
  manual_reset_source<int> source;
  bool started = false;
  bool finished = false;
  value_task<int> task = records_progress(source, started, finished);
  EXPECT_TRUE(started);
  EXPECT_FALSE(finished);
  EXPECT_FALSE(task.is_completed());

  source.set_result(5);
  EXPECT_TRUE(finished);
  EXPECT_TRUE(task.is_completed());
  EXPECT_EQ(std::move(task).result(), 5);
}

TEST(Coroutine, SuspendedCoroutinesResumeWithTheValueForEveryResultType) {
  manual_reset_source<int> integers;
  manual_reset_source<std::string> strings;
  manual_reset_source<std::unique_ptr<int>> pointers;
  manual_reset_source<no_default> customs;
  manual_reset_source<void> voids;
  bool void_resumed = false;

  value_task<int> integer = relay(integers);
  value_task<std::string> text = relay(strings);
  value_task<std::unique_ptr<int>> pointer = relay(pointers);
  value_task<no_default> custom = relay(customs);
  value_task<void> nothing = relay_void(voids, void_resumed);
  EXPECT_FALSE(integer.is_completed() || text.is_completed() || pointer.is_completed() ||
               custom.is_completed() || nothing.is_completed());

  integers.set_result(1);
  strings.set_result("two");
  pointers.set_result(std::make_unique<int>(3));
  customs.set_result(no_default(4));
  voids.set_result();

  EXPECT_EQ(std::move(integer).result(), 1);
  EXPECT_EQ(std::move(text).result(), "two");
  EXPECT_EQ(*std::move(pointer).result(), 3);
  EXPECT_EQ(std::move(custom).result().value, 4);
  EXPECT_TRUE(void_resumed);
  std::move(nothing).result();
}

TEST(Coroutine, AwaitingCoroutineResumesWhenTheInnerOneCompletesLater) {
  manual_reset_source<int> source;
  value_task<int> outer = outer_awaits_inner(source);
  EXPECT_FALSE(outer.is_completed());
  source.set_result(41);
  EXPECT_EQ(std::move(outer).result(), 42);
}

TEST(Coroutine, SourceCompletedOnAnotherThreadResumesTheAwaiterThere) {
  manual_reset_source<int> source;
  value_task<std::thread::id> task = resuming_thread(source);
  ASSERT_FALSE(task.is_completed());

  std::thread::id completer;
  std::thread worker([&] {
    completer = std::this_thread::get_id();
    source.set_result(1);
  });
  // sync_wait blocks until the worker's set_result resumed the coroutine.
  const std::thread::id resumed_on = valuetask::sync_wait(std::move(task));
  worker.join();
  EXPECT_EQ(resumed_on, completer);
  EXPECT_NE(resumed_on, std::this_thread::get_id());
}

// The worker may complete before, during or after the awaiter registers;
// every interleaving must deliver each value exactly once.
constexpr int racing_operations = 1000;

TEST(Coroutine, CoroutineCompletingOnAnotherThreadWhileBeingAwaitedIsRaceFree) {
  for (int i = 0; i < racing_operations; ++i) {
    manual_reset_source<int> source;
    value_task<int> task = outer_awaits_inner(source);  // suspended inside, on the source
    std::thread worker([&source, i] { source.set_result(i); });
    const int result = valuetask::sync_wait(std::move(task));
    worker.join();
    ASSERT_EQ(result, i + 1);
  }
}

TEST(Coroutine, SourceCompletingOnAnotherThreadWhileBeingAwaitedIsRaceFree) {
  manual_reset_source<int> source;
  for (int i = 0; i < racing_operations; ++i) {
    source.reset();
    value_task<int> task = source.task();
    std::thread worker([&source, i] { source.set_result(i); });
    const int result = valuetask::sync_wait(std::move(task));
    worker.join();
    ASSERT_EQ(result, i);
  }
}
