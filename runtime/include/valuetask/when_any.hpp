// when_any(std::move(a), std::move(b), ...): one task for the first of its
// children to finish — its index and its result (or its exception, rethrown
// when the first to finish failed).
//
//   auto [index, value] = co_await valuetask::when_any(fetch(primary), fetch(replica));
//
// Children of one type T give a when_any_result<T> {index, value}; children of
// different types give a when_any_result<std::variant<...>> whose variant
// holds the winner's value at the winner's index (a value_task<void> child
// contributes a void_result). A std::vector<value_task<T>> works too.
//
// The other children are detached, not cancelled: they run to their end and
// their results are dropped (their frames free themselves). To cancel them,
// give them tokens of a std::stop_source and pass that source first:
// when_any(stop, ...) requests stop as soon as a winner is known, before the
// awaiter resumes. A child that is already completed wins without a frame,
// an allocation or a suspension (the first one in argument order, if several
// are). Otherwise one small frame per child and one for the result, all from
// the frame cache, and one shared block for the race.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <stdexcept>
#include <stop_token>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "valuetask/core.hpp"
#include "valuetask/detail/detached_driver.hpp"
#include "valuetask/detail/result_cell.hpp"
#include "valuetask/manual_reset_source.hpp"
#include "valuetask/task_misuse_error.hpp"
#include "valuetask/when_all.hpp"

namespace valuetask {

// The winner: its position among the arguments, and its value.
template <class T>
struct when_any_result {
  std::size_t index;
  T value;
};

namespace detail {

template <class First, class... Rest>
inline constexpr bool all_same = (std::is_same_v<First, Rest> && ...);

template <class... Ts>
struct any_result_of {
  using type = when_any_result<std::variant<stored_t<Ts>...>>;
};
template <class T, class... Ts>
  requires all_same<T, Ts...>
struct any_result_of<T, Ts...> {
  using type = when_any_result<stored_t<T>>;
};

// The race shared by the children's drivers and the awaiting coroutine. The
// first driver to finish wins (decided_), requests stop on the losers, and
// completes the race's source, which resumes the awaiter; references_ (one
// per driver, one for the awaiting coroutine) decides who frees the race.
template <class Result>
class any_race : public frame_allocated<any_race<Result>> {
 public:
  any_race(std::size_t drivers, std::stop_source stop) noexcept
      : references_(drivers + 1), stop_(std::move(stop)) {}

  // Called by each driver as its child finishes: true for the first only.
  [[nodiscard]] bool try_win() noexcept { return !decided_.exchange(true, std::memory_order_acq_rel); }

  // Winner only. The losers are stopped before the awaiter runs (a no-op
  // without a stop source); their late completions lost already.
  void finish(result_cell<Result>& outcome) {
    stop_.request_stop();
    if (outcome.has_exception()) {
      winner_.set_exception(outcome.exception());
    } else {
      winner_.set_result(outcome.take_stored());
    }
  }

  [[nodiscard]] value_task<Result> winner() noexcept { return winner_.task(); }

  void release() noexcept {
    if (references_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  std::atomic<std::size_t> references_;
  std::atomic<bool> decided_{false};
  manual_reset_source<Result> winner_;
  std::stop_source stop_;
};

// One reference to the race, released when the holder (a coroutine
// parameter) is destroyed with its frame.
template <class Result>
class race_reference {
 public:
  explicit race_reference(any_race<Result>* race) noexcept : race_(race) {}
  race_reference(race_reference&& other) noexcept : race_(std::exchange(other.race_, nullptr)) {}
  race_reference& operator=(race_reference&&) = delete;
  ~race_reference() {
    if (race_ != nullptr) race_->release();
  }
  any_race<Result>* operator->() const noexcept { return race_; }
  any_race<Result>& operator*() const noexcept { return *race_; }

 private:
  any_race<Result>* race_;
};

// Turns the winning child's outcome into the race's outcome, in place
// (moving result cells around trips g++ 12's -Wmaybe-uninitialized).
template <class Result, class T>
using make_winner = void (*)(std::size_t, result_cell<T>&&, result_cell<Result>&);

template <class Result, class T, std::size_t Index>
void winner_at(std::size_t index, result_cell<T>&& outcome, result_cell<Result>& made) {
  if (outcome.has_exception()) {
    made.set_exception(outcome.exception());
  } else if constexpr (std::is_same_v<decltype(Result::value), stored_t<T>>) {
    made.set_value(Result{index, outcome.take_stored()});
  } else {
    made.set_value(Result{index, decltype(Result::value)(std::in_place_index<Index>, outcome.take_stored())});
  }
}

template <class Result, class T>
detached_driver race_child(race_reference<Result> race, std::size_t index, value_task<T> child,
                           make_winner<Result, T> make) {
  std::exception_ptr failure;
  VALUETASK_TRY {
    co_await completion_awaiter<T>(child);
  }
  VALUETASK_CATCH_ALL {  // a misuse while registering (say, a second awaiter of a source)
    failure = std::current_exception();
  }
  if (!race->try_win()) co_return;  // a loser: its result goes with this frame
  result_cell<Result> outcome;
  if (failure) {
    outcome.set_exception(failure);
  } else {
    make(index, task_access::settle(child), outcome);
  }
  race->finish(outcome);
}

template <class Result>
value_task<Result> wait_for_winner(race_reference<Result> race) {
  co_return co_await race->winner();
}

[[noreturn]] inline void reject_empty_range() {
#if VALUETASK_EXCEPTIONS
  throw std::invalid_argument("valuetask: when_any of an empty range would never complete");
#else
  terminate_with("valuetask: when_any of an empty range would never complete");
#endif
}

template <class Result>
value_task<Result> ready_winner(result_cell<Result>& outcome) {
  if (outcome.has_exception()) return from_exception<Result>(outcome.exception());
  return value_task<Result>(outcome.take_stored());
}

template <class Result, class T, std::size_t Index>
bool take_if_completed(value_task<T>& task, result_cell<Result>& ready) {
  if (!task.is_completed()) return false;
  winner_at<Result, T, Index>(Index, task_access::settle(task), ready);
  return true;
}

template <class... Ts, std::size_t... Index>
auto race_all(std::stop_source stop, std::tuple<value_task<Ts>...>& tasks,
              std::index_sequence<Index...>) -> value_task<typename any_result_of<Ts...>::type> {
  using result = typename any_result_of<Ts...>::type;
  // Fast path: the first completed child, in argument order, wins at once.
  result_cell<result> ready;
  if ((take_if_completed<result, Ts, Index>(std::get<Index>(tasks), ready) || ...)) {
    stop.request_stop();
    return ready_winner<result>(ready);
  }
  auto* race = new any_race<result>(sizeof...(Ts), std::move(stop));
  value_task<result> winner = wait_for_winner(race_reference<result>(race));
  (race_child<result, Ts>(race_reference<result>(race), Index, std::move(std::get<Index>(tasks)),
                          &winner_at<result, Ts, Index>),
   ...);
  return winner;
}

template <class T>
value_task<when_any_result<stored_t<T>>> race_range(std::stop_source stop,
                                                    std::vector<value_task<T>> tasks) {
  using result = when_any_result<stored_t<T>>;
  if (tasks.empty()) reject_empty_range();
  for (std::size_t index = 0; index < tasks.size(); ++index) {
    if (!tasks[index].is_completed()) continue;
    stop.request_stop();
    result_cell<result> ready;
    winner_at<result, T, 0>(index, task_access::settle(tasks[index]), ready);
    return ready_winner<result>(ready);
  }
  auto* race = new any_race<result>(tasks.size(), std::move(stop));
  value_task<result> winner = wait_for_winner(race_reference<result>(race));
  for (std::size_t index = 0; index < tasks.size(); ++index) {
    race_child<result, T>(race_reference<result>(race), index, std::move(tasks[index]),
                          &winner_at<result, T, 0>);
  }
  return winner;
}

}  // namespace detail

template <class... Ts>
using when_any_result_t = typename detail::any_result_of<Ts...>::type;

template <class... Ts>
  requires(sizeof...(Ts) > 0)
[[nodiscard]] value_task<when_any_result_t<Ts...>> when_any(
    value_task<Ts>&&... tasks VALUETASK_CONSUMED_PARAMETER) {
  std::tuple<value_task<Ts>...> owned(detail::task_access::take(tasks, "when_any")...);
  return detail::race_all(std::stop_source(std::nostopstate), owned, std::index_sequence_for<Ts...>{});
}

// As above; requests stop on `stop` once the winner is known (give the
// children tokens of `stop` to cancel the losers).
template <class... Ts>
  requires(sizeof...(Ts) > 0)
[[nodiscard]] value_task<when_any_result_t<Ts...>> when_any(
    std::stop_source stop, value_task<Ts>&&... tasks VALUETASK_CONSUMED_PARAMETER) {
  std::tuple<value_task<Ts>...> owned(detail::task_access::take(tasks, "when_any")...);
  return detail::race_all(std::move(stop), owned,
                          std::index_sequence_for<Ts...>{});
}

// A runtime-sized set of children of one type; throws std::invalid_argument
// when `tasks` is empty (nothing could ever win).
template <class T>
[[nodiscard]] value_task<when_any_result<detail::stored_t<T>>> when_any(std::vector<value_task<T>>&& tasks) {
  for (auto& task : tasks) task = detail::task_access::take(task, "when_any");
  return detail::race_range(std::stop_source(std::nostopstate), std::move(tasks));
}
template <class T>
[[nodiscard]] value_task<when_any_result<detail::stored_t<T>>> when_any(std::stop_source stop,
                                                                        std::vector<value_task<T>>&& tasks) {
  for (auto& task : tasks) task = detail::task_access::take(task, "when_any");
  return detail::race_range(std::move(stop), std::move(tasks));
}

// An lvalue argument is a compile-time error that names the fix.
template <class... Args>
  requires(sizeof...(Args) > 0 &&
           ((detail::is_value_task<std::remove_cvref_t<Args>> &&
             !std::is_rvalue_reference_v<Args&&>) || ...))
value_task<when_any_result_t<typename std::remove_cvref_t<Args>::value_type...>> when_any(Args&&...) {
  static_assert(detail::always_false<std::tuple<Args...>>,
                "when_any consumes its tasks: pass each one as std::move(t)");
  std::terminate();
}
template <class T>
value_task<when_any_result<detail::stored_t<T>>> when_any(std::vector<value_task<T>>&) {
  static_assert(detail::always_false<T>, "when_any consumes its tasks: pass the vector as std::move(tasks)");
  std::terminate();
}

}  // namespace valuetask

#endif  // VALUETASK_SUPPORTED_LANGUAGE
