// Assertion macros of the common test frameworks, re-created as they expand:
// `do { ... } while (<false at run time>)` runs its body once, so a task
// consumed inside one is consumed once. A genuine loop in a macro warns.
// RUN: %check_valuetask %s -- -I%inputs
// RUN: %check_valuetask_compiler %s -- -I%inputs

#include "value_task.h"
#include <utility>

using valuetask::value_task;

value_task<int> make();
void report(bool passed, const char *text);

// Boost.Test: BOOST_CHECK ends in `while (dummy_cond())`.
namespace boost::test_tools::tt_detail {
inline bool dummy_cond() { return false; }
} // namespace boost::test_tools::tt_detail
#define BOOST_TEST_TOOL_IMPL(P)                                                \
  do {                                                                         \
    report(!!(P), #P);                                                         \
  } while (::boost::test_tools::tt_detail::dummy_cond())
#define BOOST_CHECK(P) BOOST_TEST_TOOL_IMPL(P)
#define BOOST_REQUIRE(P) BOOST_TEST_TOOL_IMPL(P)

// Catch2: the condition repeats the expression behind `false &&`.
#define REQUIRE(...)                                                           \
  do {                                                                         \
    report(static_cast<bool>(__VA_ARGS__), #__VA_ARGS__);                      \
  } while ((void)0, (false) && static_cast<const bool &>(!!(__VA_ARGS__)))

// doctest: `do { ... } while (false)`.
#define DOCTEST_CHECK(...)                                                     \
  do {                                                                         \
    report(static_cast<bool>(__VA_ARGS__), #__VA_ARGS__);                      \
  } while (false)

// GoogleTest: `switch (0) case 0: default: if (...) ; else ...`.
#define GTEST_AMBIGUOUS_ELSE_BLOCKER_ switch (0) case 0: default:
#define EXPECT_EQ(a, b)                                                        \
  GTEST_AMBIGUOUS_ELSE_BLOCKER_                                                \
  if ((a) == (b))                                                              \
    ;                                                                          \
  else                                                                         \
    report(false, #a " == " #b)

#define RETRY_THREE_TIMES(stmt)                                                \
  for (int attempt = 0; attempt < 3; ++attempt) {                              \
    stmt;                                                                      \
  }

value_task<void> boost_check_consumes_once() {
  auto t = make();
  BOOST_CHECK(24 == co_await std::move(t));
}

value_task<void> boost_require_then_await_again() {
  auto t = make();
  BOOST_REQUIRE(24 == co_await std::move(t));
  co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:42: note: 't' was awaited here
}

value_task<void> catch2_require_consumes_once() {
  auto t = make();
  REQUIRE(co_await std::move(t) == 1);
}

value_task<void> doctest_check_consumes_once() {
  auto t = make();
  DOCTEST_CHECK(co_await std::move(t) == 1);
}

value_task<void> gtest_expect_eq_consumes_once() {
  auto t = make();
  EXPECT_EQ(co_await std::move(t), 1);
}

value_task<void> genuine_loop_in_a_macro_warns() {
  auto t = make();
  RETRY_THREE_TIMES(co_await std::move(t))
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:40: note: 't' was awaited here, in a previous loop iteration
}
