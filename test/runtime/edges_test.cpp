// The runtime at its edges: null exceptions, over-aligned results, shared
// results that outlive the copy they came from, executors that throw, moves
// that throw, very long chains, sources destroyed or completed late, and a
// pending task whose awaiting coroutine is destroyed.
#include <gtest/gtest.h>

#include <coroutine>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <valuetask/value_task.hpp>

#include "test_support.hpp"

using valuetask::manual_reset_source;
using valuetask::misuse;
using valuetask::shared_task;
using valuetask::source_status;
using valuetask::task_misuse_error;
using valuetask::value_task;
using valuetask_test::on_small_stack;

namespace {

#ifdef VALUETASK_ASAN
constexpr int long_chain = 100'000;  // sanitizer frames are several times larger
#else
constexpr int long_chain = 1'000'000;
#endif

template <class Action>
misuse misuse_of(Action&& action) {
  try {
    std::forward<Action>(action)();
  } catch (const task_misuse_error& error) {
    return error.kind();
  }
  ADD_FAILURE() << "expected a task_misuse_error";
  return misuse::empty_task;
}

// ---- null exceptions ------------------------------------------------------------

TEST(NullException, FromExceptionRejectsANullPointerWhereItIsGiven) {
  EXPECT_EQ(misuse_of([] { static_cast<void>(valuetask::from_exception<int>(nullptr)); }),
            misuse::null_exception);
}

TEST(NullException, SourcesRejectANullPointerAndStayPending) {
  manual_reset_source<int> source;
  EXPECT_EQ(misuse_of([&] { source.set_exception(nullptr); }), misuse::null_exception);
  EXPECT_EQ(misuse_of([&] { static_cast<void>(source.try_set_exception(source.version(), nullptr)); }),
            misuse::null_exception);
  value_task<int> task = source.task();
  EXPECT_FALSE(task.is_completed());
  source.set_result(3);
  EXPECT_EQ(std::move(task).result(), 3);
}

// ---- over-aligned results --------------------------------------------------------

template <std::size_t Alignment>
struct alignas(Alignment) aligned_value {
  explicit aligned_value(int v) : value(v) { check(); }
  aligned_value(aligned_value&& other) noexcept : value(other.value) { check(); }
  aligned_value& operator=(aligned_value&&) = default;
  void check() const {
    if (reinterpret_cast<std::uintptr_t>(this) % Alignment != 0) ++misaligned;
  }
  static inline int misaligned = 0;
  int value;
};

template <std::size_t Alignment>
value_task<aligned_value<Alignment>> aligned_after_suspension(manual_reset_source<int>& source) {
  alignas(64) char local[64] = {};
  if (reinterpret_cast<std::uintptr_t>(&local[0]) % 64 != 0) ++aligned_value<Alignment>::misaligned;
  local[3] = 2;
  const int v = co_await source.task();
  if (reinterpret_cast<std::uintptr_t>(&local[0]) % 64 != 0) ++aligned_value<Alignment>::misaligned;
  co_return aligned_value<Alignment>(v + local[3]);
}

template <std::size_t Alignment>
value_task<int> consume_aligned(manual_reset_source<int>& source) {
  aligned_value<Alignment> v = co_await aligned_after_suspension<Alignment>(source);
  co_return v.value;
}

template <std::size_t Alignment>
void check_alignment() {
  aligned_value<Alignment>::misaligned = 0;
  for (int round = 0; round < 3; ++round) {  // the second round reuses cached frames
    if constexpr (Alignment > 64) {
      // A frame is aligned to 64 bytes unless its own promise needs more
      // (docs/runtime.md, Frames): a T aligned to 128 is aligned in its own
      // frame, and is consumed from ordinary code, not from another frame.
      manual_reset_source<int> source;
      value_task<aligned_value<Alignment>> task = aligned_after_suspension<Alignment>(source);
      source.set_result(40);
      EXPECT_EQ(std::move(task).result().value, 42);
    } else {
      manual_reset_source<int> source;
      value_task<int> task = consume_aligned<Alignment>(source);
      source.set_result(40);
      EXPECT_EQ(std::move(task).result(), 42);
      manual_reset_source<int> ready;
      ready.set_result(1);
      EXPECT_EQ(consume_aligned<Alignment>(ready).result(), 3);
    }
  }
  EXPECT_EQ(aligned_value<Alignment>::misaligned, 0) << "alignment " << Alignment;
}

TEST(OverAligned, ResultsAndLocalsAreAlignedInTheFrame) {
  check_alignment<32>();
  check_alignment<64>();
  check_alignment<128>();
}

// ---- shared_task: one shared outcome ---------------------------------------------

struct counted_copies {
  explicit counted_copies(int v) : value(v) {}
  counted_copies(const counted_copies& other) : value(other.value) { ++copies; }
  counted_copies(counted_copies&&) noexcept = default;
  static inline int copies = 0;
  int value;
};

value_task<counted_copies> counted_after(manual_reset_source<int>& source) {
  co_return counted_copies(co_await source.task());
}

TEST(SharedResult, AReferenceFromOneCopyOutlivesItOnTheReadyPath) {
  counted_copies::copies = 0;
  auto* first = new shared_task<counted_copies>(valuetask::from_result(counted_copies(7)).preserve());
  const shared_task<counted_copies> second = *first;
  const counted_copies& seen = first->result();
  delete first;
  EXPECT_EQ(seen.value, 7);
  EXPECT_EQ(&seen, &second.result());
  EXPECT_EQ(counted_copies::copies, 0);
}

TEST(SharedResult, AReferenceFromOneCopyOutlivesItOnThePendingPath) {
  counted_copies::copies = 0;
  manual_reset_source<int> source;
  auto* first = new shared_task<counted_copies>(counted_after(source).preserve());
  const shared_task<counted_copies> second = *first;
  const shared_task<counted_copies> third = second;
  source.set_result(9);
  const counted_copies& seen = first->result();
  delete first;
  EXPECT_EQ(seen.value, 9);
  EXPECT_EQ(&seen, &third.result());
  EXPECT_EQ(counted_copies::copies, 0);
}

// ---- a T whose move throws, preserved while pending -------------------------------

struct throws_on_move {
  explicit throws_on_move(int v) : value(v) {}
  throws_on_move(throws_on_move&& other) : value(other.value) {
    if (armed) throw std::runtime_error("move failed");
  }
  static inline bool armed = false;
  int value;
};

value_task<throws_on_move> throwing_after(manual_reset_source<int>& source) {
  const int v = co_await source.task();
  throws_on_move result(v);
  throws_on_move::armed = true;
  co_return result;
}

TEST(SharedResult, PreservingAPendingTaskWhoseMoveThrowsStoresTheException) {
  throws_on_move::armed = false;
  manual_reset_source<int> source;
  const shared_task<throws_on_move> shared = throwing_after(source).preserve();
  source.set_result(1);
  throws_on_move::armed = false;
  EXPECT_TRUE(shared.is_faulted());
  EXPECT_THROW(static_cast<void>(shared.result()), std::runtime_error);
}

// ---- executors that throw ----------------------------------------------------------

class refusing_executor final : public valuetask::executor {
 public:
  void schedule(std::coroutine_handle<>) override { throw std::runtime_error("executor is shut down"); }
};

value_task<std::string> awaits_through(manual_reset_source<int>& source) {
  try {
    co_return std::to_string(co_await source.task());
  } catch (const std::runtime_error& error) {
    co_return std::string("resumed with: ") + error.what();
  }
}

TEST(Executor, AThrowingScheduleResumesTheAwaiterWithTheException) {
  refusing_executor executor;
  manual_reset_source<int> source(executor);
  value_task<std::string> task = awaits_through(source);
  EXPECT_FALSE(task.is_completed());
  source.set_result(5);
  ASSERT_TRUE(task.is_completed());
  EXPECT_EQ(std::move(task).result(), "resumed with: executor is shut down");
  EXPECT_EQ(source.status(source.version()), source_status::faulted);
}

// ---- long chains --------------------------------------------------------------------

value_task<int> relay(value_task<int> inner) { co_return co_await std::move(inner) + 1; }

TEST(Stack, ChainOfValueTaskRelaysCompletedLaterDoesNotOverflow) {
  on_small_stack([] {
    manual_reset_source<int> source;
    value_task<int> chain = source.task();
    for (int i = 0; i < long_chain; ++i) chain = relay(std::move(chain));
    source.set_result(0);
    ASSERT_TRUE(chain.is_completed());
    EXPECT_EQ(std::move(chain).result(), long_chain);
  });
}

value_task<int> relay_shared(shared_task<int> inner) { co_return co_await inner + 1; }

TEST(Stack, ChainOfSharedTasksAwaitingEachOtherDoesNotOverflow) {
  on_small_stack([] {
    manual_reset_source<int> source;
    shared_task<int> chain = source.task().preserve();
    for (int i = 0; i < long_chain; ++i) chain = relay_shared(chain).preserve();
    source.set_result(0);
    ASSERT_TRUE(chain.is_completed());
    EXPECT_EQ(chain.result(), long_chain);
  });
}

// ---- sources: destruction, versions, two tasks of one operation ---------------------

TEST(SourceEdges, LateCompletionAfterTimeoutAndResetCannotCompleteTheNextOperation) {
  manual_reset_source<int> source;
  const std::uint32_t first = source.version();
  value_task<int> awaited = relay(source.task());
  EXPECT_TRUE(source.try_set_exception(first, std::make_exception_ptr(std::runtime_error("timeout"))));
  EXPECT_THROW(static_cast<void>(std::move(awaited).result()), std::runtime_error);
  source.reset();
  value_task<int> next = source.task();
  EXPECT_FALSE(source.try_set_result(first, 1)) << "the late completion of the first operation";
  EXPECT_FALSE(next.is_completed());
  EXPECT_TRUE(source.try_set_result(source.version(), 2));
  EXPECT_FALSE(source.try_set_result(source.version(), 3)) << "first completion wins";
  EXPECT_EQ(std::move(next).result(), 2);
}

TEST(SourceEdges, TwoTasksOfOneOperationReportTheRightMisuse) {
  manual_reset_source<int> source;
  value_task<int> first = relay(source.task());
  value_task<int> second = source.task();
  EXPECT_EQ(misuse_of([&] { static_cast<void>(relay(std::move(second)).result()); }),
            misuse::second_awaiter);
  source.set_result(1);
  EXPECT_EQ(std::move(first).result(), 2);
  value_task<int> third = source.task();
  EXPECT_EQ(misuse_of([&] { static_cast<void>(std::move(third).result()); }),
            misuse::operation_consumed_twice);
}

TEST(SourceEdgesDeathTest, DestroyingASourceWhileItsTaskIsAwaitedTerminatesNamingIt) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        auto* source = new manual_reset_source<int>;
        value_task<int> awaiting = relay(source->task());
        delete source;
      },
      "manual_reset_source destroyed while a task of its operation 0 is awaited");
}

// ---- a pending task whose awaiting coroutine is destroyed ----------------------------

// An awaiting coroutine of another library, whose owner destroys it while it
// is suspended.
struct destroyable {
  struct promise_type {
    destroyable get_return_object() {
      return destroyable{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
  std::coroutine_handle<promise_type> handle;
};

value_task<int> pending_on(manual_reset_source<int>& source, bool& finished) {
  const int v = co_await source.task();
  finished = true;
  co_return v;
}

destroyable awaits_pending(manual_reset_source<int>& source, bool& finished) {
  static_cast<void>(co_await pending_on(source, finished));
}

TEST(Detach, PendingTaskOutlivesTheDestroyedCoroutineThatAwaitedIt) {
  manual_reset_source<int> source;
  bool finished = false;
  destroyable outer = awaits_pending(source, finished);
  outer.handle.destroy();  // the pending callee is detached, not freed with the caller's frame
  source.set_result(1);    // it runs to its end on its own frame, then frees it
  EXPECT_TRUE(finished);
}

}  // namespace
