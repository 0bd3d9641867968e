// Built with -fno-exceptions: the library compiles, works, and every misuse
// terminates with its message.
#include <gtest/gtest.h>

#include <utility>

#include <valuetask/value_task.hpp>

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#  error "this test must be built with -fno-exceptions"
#endif

namespace {

valuetask::value_task<int> relay(valuetask::value_task<int> inner) {
  co_return co_await std::move(inner) + 1;
}

TEST(NoExceptions, TheLibraryWorks) {
  valuetask::manual_reset_source<int> source;
  valuetask::value_task<int> task = relay(source.task());
  source.set_result(1);
  const valuetask::shared_task<int> shared = std::move(task).preserve();
  EXPECT_EQ(shared.result(), 2);
  auto [a, b] = valuetask::sync_wait(valuetask::when_all(relay(valuetask::from_result(1)),
                                                         valuetask::from_result(5)));
  EXPECT_EQ(a + b, 7);
}

TEST(NoExceptionsDeathTest, ConsumingTwiceTerminatesWithTheMessage) {
  EXPECT_DEATH(
      {
        valuetask::value_task<int> task = valuetask::from_result(1);
        static_cast<void>(std::move(task).result());
        static_cast<void>(std::move(task).result());
      },
      "valuetask: result\\(\\) on a value_task that was already consumed");
}

TEST(NoExceptionsDeathTest, CompletingTwiceTerminatesWithTheMessage) {
  EXPECT_DEATH(
      {
        valuetask::manual_reset_source<int> source;
        source.set_result(1);
        source.set_result(2);
      },
      "set_result\\(\\) on a source operation that is already completed");
}

}  // namespace
