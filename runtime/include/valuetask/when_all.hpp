// when_all(std::move(a), std::move(b), ...): one task for the results of all,
// as a tuple (a value_task<void> contributes a valuetask::void_result). Every
// child runs to completion; if any failed, the first failure (in argument
// order) is rethrown. Children that are already completed cost nothing: when
// all are, the result is a completed task, with no frame and no suspension.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <cstddef>
#include <exception>
#include <tuple>
#include <type_traits>
#include <utility>

#include "valuetask/core.hpp"

namespace valuetask {

template <class... Ts>
using when_all_result = std::tuple<detail::stored_t<Ts>...>;

namespace detail {

template <class T>
inline constexpr bool is_value_task = false;
template <class T>
inline constexpr bool is_value_task<value_task<T>> = true;

// Precondition: every task completed. Consumes them all, then rethrows the
// first failure or returns the values.
template <class... Ts>
when_all_result<Ts...> collect(std::tuple<value_task<Ts>...>& tasks) {
  auto outcomes = std::apply(
      [](auto&... task) { return std::tuple<result_cell<Ts>...>(task_access::settle(task)...); },
      tasks);
  std::exception_ptr first_error;
  std::apply([&](auto&... outcome) { ((first_error = first_error ? first_error : outcome.exception()), ...); },
             outcomes);
  if (first_error) std::rethrow_exception(first_error);
  return std::apply(
      [](auto&... outcome) { return when_all_result<Ts...>(outcome.take_stored()...); }, outcomes);
}

// Children were started when they were created (eager start), so waiting for
// them one after another loses no concurrency; a completed child does not
// suspend the wait.
template <class... Ts, std::size_t... Index>
value_task<when_all_result<Ts...>> wait_for_all(std::tuple<value_task<Ts>...> tasks,
                                                 std::index_sequence<Index...>) {
  (co_await completion_awaiter<Ts>(std::get<Index>(tasks)), ...);
  co_return collect(tasks);
}

}  // namespace detail

template <class... Ts>
[[nodiscard]] value_task<when_all_result<Ts...>> when_all(
    value_task<Ts>&&... tasks VALUETASK_CONSUMED_PARAMETER) {
  std::tuple<value_task<Ts>...> owned(detail::task_access::take(tasks, "when_all")...);
  const bool all_completed =
      std::apply([](const auto&... task) { return (task.is_completed() && ...); }, owned);
  if (!all_completed) return detail::wait_for_all(std::move(owned), std::index_sequence_for<Ts...>{});
  VALUETASK_TRY { return value_task<when_all_result<Ts...>>(detail::collect(owned)); }
  VALUETASK_CATCH_ALL {
    return detail::task_access::from_exception<when_all_result<Ts...>>(std::current_exception());
  }
}

// An lvalue argument is a compile-time error that names the fix.
template <class... Args>
  requires(sizeof...(Args) > 0 && (detail::is_value_task<std::remove_cvref_t<Args>> && ...))
value_task<when_all_result<typename std::remove_cvref_t<Args>::value_type...>> when_all(Args&&...) {
  static_assert(detail::always_false<std::tuple<Args...>>,
                "when_all consumes its tasks: pass each one as std::move(t)");
  std::terminate();
}

}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
