// A million value_task relays completed at once, built at -O0 (and, with g++,
// at -Og and -O1, where it does not always turn the resumption of the next
// coroutine into a tail call): the chain still runs at constant stack depth.
#include <gtest/gtest.h>

#include <pthread.h>

#include <functional>
#include <utility>

#include <valuetask/value_task.hpp>

namespace {

#ifdef VALUETASK_ASAN
constexpr int long_chain = 100'000;
#else
constexpr int long_chain = 1'000'000;
#endif

valuetask::value_task<int> relay(valuetask::value_task<int> inner) {
  co_return co_await std::move(inner) + 1;
}

void on_small_stack(std::function<void()> body) {
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, 512 * 1024);
  pthread_t thread;
  auto run = [](void* argument) -> void* {
    (*static_cast<std::function<void()>*>(argument))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run, &body), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
}

TEST(DeepChain, MillionRelaysCompletedBySourceRunAtConstantStackDepth) {
  on_small_stack([] {
    valuetask::manual_reset_source<int> source;
    valuetask::value_task<int> chain = source.task();
    for (int i = 0; i < long_chain; ++i) chain = relay(std::move(chain));
    source.set_result(0);
    ASSERT_TRUE(chain.is_completed());
    EXPECT_EQ(std::move(chain).result(), long_chain);
  });
}

TEST(DeepChain, MillionRelaysOfAReadyTaskCompleteSynchronously) {
  on_small_stack([] {
    valuetask::value_task<int> chain = valuetask::from_result(0);
    for (int i = 0; i < long_chain; ++i) chain = relay(std::move(chain));
    ASSERT_TRUE(chain.is_completed());
    EXPECT_EQ(std::move(chain).result(), long_chain);
  });
}

}  // namespace
