// valuetask::asio — Boost.Asio and value_task, both ways (header-only Asio,
// Boost 1.81 or later; nothing else in valuetask depends on Boost).
//
//   use_value_task            a completion token: inside a value_task coroutine,
//                             co_await sock.async_read_some(buf, use_value_task)
//                             yields the std::size_t and throws
//                             boost::system::system_error on an error;
//   as_tuple(use_value_task)  the same, but yields std::tuple<error_code, ...>
//                             instead of throwing (as Asio's own as_tuple);
//   use_value_task(token)     binds a std::stop_token: a stop request cancels
//                             the operation (Asio's per-operation cancellation)
//                             and it completes with valuetask::operation_cancelled;
//   as_awaitable(std::move(t))  a boost::asio::awaitable<T> for a value_task:
//                             value_task code called from Asio coroutines;
//   resume_on(ex)             co_await it to continue on an Asio executor;
//   io_executor               an Asio executor as a valuetask::executor (for
//                             manual_reset_source continuations);
//   with_timeout(std::move(t), 50ms)  t, or operation_cancelled when the timer
//                             (on the current or a given executor) fires first.
//
// An operation starts when it is called (eagerly, like every value_task) and
// costs no heap allocation in steady state: its state lives in a value_task
// frame from the frame cache, and Asio's own per-operation memory comes from
// the same cache (the handler's associated allocator).
//
// Threads: an operation's awaiter resumes where Asio runs the handler — on a
// thread running the I/O object's execution context (its strand, if it has
// one). A stop request may come from any thread; the cancellation is emitted
// on the I/O object's executor, so, as for any Asio per-operation
// cancellation, an io_context run by several threads needs a strand.
//
// An io_context destroyed with operations pending: Asio destroys their
// handlers without calling them, and each pending operation then completes
// with operation_cancelled, on the destroying thread, during the shutdown.
// The awaiting coroutines resume and unwind; they must not start new
// operations on that io_context (those are abandoned the same way).
#pragma once

#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include "valuetask/cancellation.hpp"
#include "valuetask/detail/detached_driver.hpp"
#include "valuetask/detail/frame_allocator.hpp"
#include "valuetask/detail/resumption.hpp"
#include "valuetask/value_task.hpp"
#include "valuetask/when_any.hpp"

namespace valuetask::asio {

// ---- the completion tokens ----------------------------------------------------

template <bool AsTuple>
class stoppable_use_value_task;

// co_await op(args..., use_value_task): void(error_code) gives value_task<void>,
// void(error_code, T) gives value_task<T>, void(error_code, Ts...) a tuple;
// an error throws boost::system::system_error. A leading std::exception_ptr
// (co_spawn's signature) is rethrown; a signature without either never throws.
struct use_value_task_t {
  // The same token, with `token` bound to the operation.
  [[nodiscard]] stoppable_use_value_task<false> operator()(std::stop_token token) const noexcept;
};

// The non-throwing variant: the operation yields all its completion
// arguments as a std::tuple, the error_code first. A stop request still
// completes it with operation_cancelled (a cancellation is not an I/O error).
struct use_value_task_tuple_t {
  [[nodiscard]] stoppable_use_value_task<true> operator()(std::stop_token token) const noexcept;
};

template <bool AsTuple>
class stoppable_use_value_task {
 public:
  explicit stoppable_use_value_task(std::stop_token token) noexcept : stop_(std::move(token)) {}
  [[nodiscard]] const std::stop_token& stop_token() const noexcept { return stop_; }

 private:
  std::stop_token stop_;
};

inline constexpr use_value_task_t use_value_task{};

inline stoppable_use_value_task<false> use_value_task_t::operator()(std::stop_token token) const noexcept {
  return stoppable_use_value_task<false>(std::move(token));
}
inline stoppable_use_value_task<true> use_value_task_tuple_t::operator()(std::stop_token token) const noexcept {
  return stoppable_use_value_task<true>(std::move(token));
}

// as_tuple(use_value_task), as_tuple(use_value_task(token)): the non-throwing
// variant. (boost::asio::as_tuple(use_value_task) works as well.)
[[nodiscard]] constexpr use_value_task_tuple_t as_tuple(use_value_task_t) noexcept { return {}; }
[[nodiscard]] inline stoppable_use_value_task<true> as_tuple(const stoppable_use_value_task<false>& token) noexcept {
  return stoppable_use_value_task<true>(token.stop_token());
}

// ---- the current executor -------------------------------------------------------

namespace detail {

// The executor the running coroutine was resumed on, set by this bridge for
// the duration of each resumption it performs (an operation's completion,
// resume_on, io_executor). Stored as a type-erased pointer to an executor on
// the resuming stack, so that the hot path only swaps two pointers.
class executor_scope {
 public:
  template <class Executor>
  explicit executor_scope(const Executor& executor) noexcept
      : executor_(&executor), make_(&make<Executor>), previous_(current) {
    current = this;
  }
  executor_scope(const executor_scope&) = delete;
  executor_scope& operator=(const executor_scope&) = delete;
  ~executor_scope() { current = previous_; }

  [[nodiscard]] static boost::asio::any_io_executor get() {
    if (current == nullptr) return {};
    return current->make_(current->executor_);
  }

 private:
  template <class Executor>
  static boost::asio::any_io_executor make(const void* executor) {
    return boost::asio::any_io_executor(*static_cast<const Executor*>(executor));
  }

  static inline thread_local executor_scope* current = nullptr;

  const void* executor_;
  boost::asio::any_io_executor (*make_)(const void*);
  executor_scope* previous_;
};

}  // namespace detail

// The Asio executor the calling coroutine runs on: the one whose handler
// last resumed it (an operation's completion, resume_on, io_executor). Empty
// (== nullptr) when it was not resumed by this bridge on this thread.
[[nodiscard]] inline boost::asio::any_io_executor current_executor() {
  return detail::executor_scope::get();
}

// ---- the operation behind use_value_task -----------------------------------------

namespace detail {

using valuetask::detail::completion_awaiter;
using valuetask::detail::detached_driver;
using valuetask::detail::task_access;

// Asio's per-operation memory (the handler's associated allocator) comes
// from the frame cache, as coroutine frames do: no malloc in steady state,
// however many operations are outstanding.
template <class T>
class frame_cache_allocator {
  static constexpr std::size_t alignment = alignof(T) > valuetask::detail::frame_allocator::block_alignment
                                               ? alignof(T)
                                               : valuetask::detail::frame_allocator::block_alignment;

 public:
  using value_type = T;
  frame_cache_allocator() noexcept = default;
  template <class U>
  frame_cache_allocator(const frame_cache_allocator<U>&) noexcept {}  // NOLINT: rebinding is implicit

  [[nodiscard]] T* allocate(std::size_t count) {
    return static_cast<T*>(valuetask::detail::frame_allocator::allocate(count * sizeof(T), alignment));
  }
  void deallocate(T* pointer, std::size_t count) noexcept {
    valuetask::detail::frame_allocator::deallocate(pointer, count * sizeof(T), alignment);
  }

  template <class U>
  friend bool operator==(const frame_cache_allocator&, const frame_cache_allocator<U>&) noexcept {
    return true;
  }
};

template <class T>
inline constexpr bool is_error_code = std::is_same_v<T, boost::system::error_code>;
template <class T>
inline constexpr bool is_exception_ptr = std::is_same_v<T, std::exception_ptr>;

template <class... Ts>
struct value_of_list {
  using type = std::tuple<Ts...>;
};
template <>
struct value_of_list<> {
  using type = void;
};
template <class T>
struct value_of_list<T> {
  using type = T;
};

// What co_await yields for a completion signature void(Args...).
template <bool AsTuple, class... Args>
struct operation_result {
  using type = std::tuple<Args...>;
};
template <class... Args>
struct operation_result<false, Args...> {
  using type = typename value_of_list<Args...>::type;
};
template <class First, class... Rest>
  requires(is_error_code<First> || is_exception_ptr<First>)
struct operation_result<false, First, Rest...> {
  using type = typename value_of_list<Rest...>::type;
};

template <bool AsTuple, class... Args>
using operation_result_t = typename operation_result<AsTuple, std::decay_t<Args>...>::type;

// The operation's state, in the frame of its value_task coroutine. Parties
// that must finish before the coroutine continues: the handler (invoked or
// destroyed unused), the coroutine's own arrival at its co_await, and one per
// posted cancellation. outstanding_ counts them; whoever brings it to zero
// resumes the coroutine (or, the coroutine itself, does not suspend). Each
// arrival is acq_rel: it publishes what that party wrote (the outcome) and
// acquires the rest.
template <class... Args>
class operation_state {
 public:
  // Handler side. Called exactly once, with the completion arguments or on
  // destruction of the unused handler.
  template <class... Values>
  void complete(Values&&... values) {
    outcome_.emplace(std::forward<Values>(values)...);
    handler_done_.store(true, std::memory_order_relaxed);
    arrive();
  }
  void abandon() noexcept {
    handler_done_.store(true, std::memory_order_relaxed);
    arrive();
  }

  struct arrival {
    operation_state& state;
    [[nodiscard]] bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> self) noexcept {
      state.waiter_ = self;
      return state.outstanding_.fetch_sub(1, std::memory_order_acq_rel) != 1;
    }
    void await_resume() const noexcept {}
  };
  [[nodiscard]] arrival all_parties() noexcept { return arrival{*this}; }

  // Stop side: any thread. Posts the cancellation to `executor` unless the
  // operation is already over.
  template <class Executor>
  void request_cancellation(const Executor& executor) {
    cancel_requested_.store(true, std::memory_order_relaxed);
    int parties = outstanding_.load(std::memory_order_relaxed);
    do {
      if (parties == 0) return;  // every party arrived: the coroutine is finishing
    } while (!outstanding_.compare_exchange_weak(parties, parties + 1, std::memory_order_acq_rel,
                                                 std::memory_order_relaxed));
    boost::asio::post(executor, emit_cancellation(this));
  }

  [[nodiscard]] boost::asio::cancellation_slot slot() noexcept {
    return signal_ ? signal_->slot() : boost::asio::cancellation_slot();
  }
  void use_signal(boost::asio::cancellation_signal& signal) noexcept { signal_ = &signal; }

  // Coroutine side, after all parties arrived.
  [[nodiscard]] bool abandoned() const noexcept { return !outcome_.has_value(); }
  [[nodiscard]] bool cancel_requested() const noexcept {
    return cancel_requested_.load(std::memory_order_relaxed);
  }
  [[nodiscard]] std::tuple<Args...>& outcome() noexcept { return *outcome_; }

 private:
  // Runs on the I/O executor; destroyed unused when that executor's context
  // shuts down. Either way it is one party.
  class emit_cancellation {
   public:
    explicit emit_cancellation(operation_state* state) noexcept : state_(state) {}
    emit_cancellation(emit_cancellation&& other) noexcept : state_(std::exchange(other.state_, nullptr)) {}
    emit_cancellation& operator=(emit_cancellation&&) = delete;
    ~emit_cancellation() {
      if (state_ != nullptr) state_->arrive();
    }
    void operator()() {
      operation_state* const state = std::exchange(state_, nullptr);
      if (!state->handler_done_.load(std::memory_order_relaxed) && state->signal_ != nullptr) {
        state->signal_->emit(boost::asio::cancellation_type::terminal);
      }
      state->arrive();
    }

   private:
    operation_state* state_;
  };

  void arrive() noexcept {
    if (outstanding_.fetch_sub(1, std::memory_order_acq_rel) == 1) valuetask::detail::resume_loop(waiter_);
  }

  std::atomic<int> outstanding_{2};  // the handler and the coroutine
  std::atomic<bool> handler_done_{false};
  std::atomic<bool> cancel_requested_{false};
  std::coroutine_handle<> waiter_;
  boost::asio::cancellation_signal* signal_ = nullptr;
  std::optional<std::tuple<Args...>> outcome_;
};

// The handler Asio calls (or destroys unused). Move-only; a moved-from
// handler is inert.
template <class Executor, class... Args>
class operation_handler {
 public:
  using allocator_type = frame_cache_allocator<void>;
  using cancellation_slot_type = boost::asio::cancellation_slot;

  operation_handler(operation_state<Args...>& state, const Executor& executor) noexcept
      : state_(&state), executor_(&executor) {}
  operation_handler(operation_handler&& other) noexcept
      : state_(std::exchange(other.state_, nullptr)), executor_(other.executor_) {}
  operation_handler& operator=(operation_handler&&) = delete;
  ~operation_handler() {
    if (state_ != nullptr) state_->abandon();
  }

  template <class... Values>
  void operator()(Values&&... values) {
    operation_state<Args...>* const state = std::exchange(state_, nullptr);
    // The frame holding the executor may end during the resumption: copy it.
    const Executor executor = *executor_;
    const executor_scope scope(executor);
    state->complete(std::forward<Values>(values)...);
  }

  [[nodiscard]] allocator_type get_allocator() const noexcept { return {}; }
  [[nodiscard]] cancellation_slot_type get_cancellation_slot() const noexcept {
    return state_ != nullptr ? state_->slot() : cancellation_slot_type();
  }

 private:
  operation_state<Args...>* state_;
  const Executor* executor_;
};

template <class Initiation>
auto io_executor_of(const Initiation& initiation) {
  if constexpr (requires { initiation.get_executor(); }) {
    return initiation.get_executor();
  } else {
    return boost::asio::any_io_executor();
  }
}

template <class Executor>
bool has_executor(const Executor& executor) noexcept {
  if constexpr (std::is_same_v<Executor, boost::asio::any_io_executor>) {
    return executor != nullptr;
  } else {
    return true;
  }
}

// 1 when the signature starts with an error_code or an exception_ptr.
template <class... Args>
inline constexpr std::size_t status_count = 0;
template <class First, class... Rest>
inline constexpr std::size_t status_count<First, Rest...> = is_error_code<First> || is_exception_ptr<First> ? 1 : 0;

template <bool AsTuple, class... Args>
operation_result_t<AsTuple, Args...> take_outcome(operation_state<Args...>& state) {
  if (state.abandoned()) throw operation_cancelled();
  std::tuple<Args...>& outcome = state.outcome();
  if constexpr (sizeof...(Args) > 0) {
    using first = std::tuple_element_t<0, std::tuple<Args...>>;
    if constexpr (is_error_code<first>) {
      const boost::system::error_code& error = std::get<0>(outcome);
      if (error == boost::asio::error::operation_aborted && state.cancel_requested()) {
        throw operation_cancelled();
      }
      if constexpr (!AsTuple) {
        if (error) throw boost::system::system_error(error);
      }
    } else if constexpr (is_exception_ptr<first> && !AsTuple) {
      if (std::get<0>(outcome)) std::rethrow_exception(std::get<0>(outcome));
    } else if constexpr (requires { requires is_error_code<std::decay_t<decltype(std::get<0>(std::get<0>(outcome)))>>; }) {
      // boost::asio::as_tuple(use_value_task): one tuple, its error_code first.
      if (std::get<0>(std::get<0>(outcome)) == boost::asio::error::operation_aborted &&
          state.cancel_requested()) {
        throw operation_cancelled();
      }
    }
  }
  if constexpr (AsTuple) {
    return std::move(outcome);
  } else if constexpr (std::is_void_v<operation_result_t<AsTuple, Args...>>) {
    return;
  } else {
    constexpr std::size_t skip = status_count<Args...>;
    if constexpr (sizeof...(Args) - skip == 1) {
      return std::get<skip>(std::move(outcome));
    } else {
      return [&]<std::size_t... Index>(std::index_sequence<Index...>) {
        return operation_result_t<AsTuple, Args...>(std::get<skip + Index>(std::move(outcome))...);
      }(std::make_index_sequence<sizeof...(Args) - skip>{});
    }
  }
}

// Cancels the operation when its stop token is stopped (from any thread).
template <class Executor, class... Args>
struct stop_operation {
  operation_state<Args...>* state;
  const Executor* executor;
  void operator()() const { state->request_cancellation(*executor); }
};

// The value_task coroutine of one operation: starts it, waits for every
// party, and turns the completion arguments into its result.
template <bool AsTuple, class... Args, class Initiation, class... InitArgs>
value_task<operation_result_t<AsTuple, Args...>> run_operation(std::stop_token stop,
                                                               Initiation initiation,
                                                               InitArgs... init_args) {
  using executor_type = decltype(io_executor_of(initiation));
  const executor_type executor = io_executor_of(initiation);
  operation_state<Args...> state;
  if (!stop.stop_possible()) {
    std::move(initiation)(operation_handler<executor_type, Args...>(state, executor),
                          std::move(init_args)...);
    co_await state.all_parties();
    co_return take_outcome<AsTuple>(state);
  }
  if (stop.stop_requested()) throw operation_cancelled();  // never started
  if (!has_executor(executor)) {
    throw std::invalid_argument(
        "valuetask::asio::use_value_task(stop_token): the operation has no I/O executor to deliver "
        "its cancellation on");
  }
  boost::asio::cancellation_signal signal;
  state.use_signal(signal);
  std::move(initiation)(operation_handler<executor_type, Args...>(state, executor),
                        std::move(init_args)...);
  {
    // Destroyed before the coroutine goes on: waits for a stop callback that
    // runs on another thread at that moment.
    const std::stop_callback<stop_operation<executor_type, Args...>> on_stop(
        std::move(stop), stop_operation<executor_type, Args...>{&state, &executor});
    co_await state.all_parties();
  }
  co_return take_outcome<AsTuple>(state);
}

template <bool AsTuple, class... Args>
struct token_result {
  using return_type = value_task<operation_result_t<AsTuple, Args...>>;

  template <class Initiation, class Token, class... InitArgs>
  static return_type initiate(Initiation&& initiation, Token&& token, InitArgs&&... init_args) {
    std::stop_token stop;
    if constexpr (requires { token.stop_token(); }) stop = token.stop_token();
    return run_operation<AsTuple, std::decay_t<Args>...>(
        std::move(stop), std::decay_t<Initiation>(std::forward<Initiation>(initiation)),
        std::decay_t<InitArgs>(std::forward<InitArgs>(init_args))...);
  }
};

}  // namespace detail

}  // namespace valuetask::asio

// Asio's customisation point: the token's async_result, before anything here uses it.

template <class... Args>
class boost::asio::async_result<valuetask::asio::use_value_task_t, void(Args...)>
    : public valuetask::asio::detail::token_result<false, Args...> {};

template <class... Args>
class boost::asio::async_result<valuetask::asio::use_value_task_tuple_t, void(Args...)>
    : public valuetask::asio::detail::token_result<true, Args...> {};

template <bool AsTuple, class... Args>
class boost::asio::async_result<valuetask::asio::stoppable_use_value_task<AsTuple>, void(Args...)>
    : public valuetask::asio::detail::token_result<AsTuple, Args...> {};

namespace valuetask::asio {

// ---- value_task code called from Asio coroutines ----------------------------------

namespace detail {

// Waits for the task, then posts the awaitable's handler to the awaitable's
// own executor (never inline: the handler may run on another thread than the
// one that completed the task). A work guard keeps that executor's context
// running meanwhile.
template <class Handler, class T>
detached_driver deliver_when_done(Handler handler, value_task<T>& task) {
  const auto executor = boost::asio::get_associated_executor(handler);
  auto work = boost::asio::make_work_guard(executor);
  std::exception_ptr misuse;
  try {
    co_await completion_awaiter<T>(task);
  } catch (...) {  // registering the awaiter failed (the task had one already)
    misuse = std::current_exception();
  }
  boost::asio::post(executor, boost::asio::append(std::move(handler), misuse));
}

template <class T>
boost::asio::awaitable<T> await_in_asio(value_task<T> task) {
  if (!task.is_completed()) {
    co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(std::exception_ptr)>(
        [&task](auto handler) { deliver_when_done(std::move(handler), task); }, boost::asio::use_awaitable);
  }
  co_return task_access::take_result(task);
}

}  // namespace detail

// An Asio awaitable for `task`, which it takes now (the caller's task is
// consumed at the call, not when the awaitable is awaited). co_await of the
// awaitable yields the task's result or rethrows its exception on the
// awaitable's own executor, whatever thread completed the task. Asio's
// cancellation of the awaitable does not reach the task: give the task a
// stop token for that.
template <class T>
[[nodiscard]] boost::asio::awaitable<T> as_awaitable(value_task<T>&& task VALUETASK_CONSUMED_PARAMETER) {
  return detail::await_in_asio<T>(detail::task_access::take(task, "as_awaitable"));
}

// ---- executors -------------------------------------------------------------------

namespace detail {

// The awaiter of resume_on: posts the coroutine to the executor. When the
// posted function is destroyed unused (the context shut down), the
// coroutine resumes there and then with operation_cancelled.
template <class Executor>
class resume_on_awaiter {
 public:
  explicit resume_on_awaiter(Executor executor) noexcept : executor_(std::move(executor)) {}

  [[nodiscard]] bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> self) {
    boost::asio::post(executor_, resumption(this, self));  // `this` may be resumed before post returns
  }
  void await_resume() const {
    if (abandoned_) throw operation_cancelled();
  }

 private:
  class resumption {
   public:
    resumption(resume_on_awaiter* awaiter, std::coroutine_handle<> self) noexcept
        : awaiter_(awaiter), self_(self), executor_(awaiter->executor_) {}
    resumption(resumption&& other) noexcept
        : awaiter_(std::exchange(other.awaiter_, nullptr)), self_(other.self_), executor_(other.executor_) {}
    resumption& operator=(resumption&&) = delete;
    ~resumption() {
      if (awaiter_ == nullptr) return;
      awaiter_->abandoned_ = true;
      valuetask::detail::resume_loop(self_);
    }
    void operator()() {
      awaiter_ = nullptr;
      const executor_scope scope(executor_);
      valuetask::detail::resume_loop(self_);
    }

   private:
    resume_on_awaiter* awaiter_;
    std::coroutine_handle<> self_;
    Executor executor_;
  };

  Executor executor_;
  bool abandoned_ = false;
};

}  // namespace detail

// co_await resume_on(ex): the coroutine continues on `ex` (always through its
// queue, like boost::asio::post), and current_executor() is `ex` from then on.
template <class Executor>
  requires(boost::asio::execution::is_executor<Executor>::value || boost::asio::is_executor<Executor>::value)
[[nodiscard]] detail::resume_on_awaiter<Executor> resume_on(Executor executor) {
  return detail::resume_on_awaiter<Executor>(std::move(executor));
}

// An Asio executor as a valuetask::executor: a manual_reset_source built with
// it resumes its awaiter through boost::asio::post on that executor (.NET's
// RunContinuationsAsynchronously onto a scheduler). A continuation whose
// posted function is destroyed unused (the context shut down) resumes
// there and then: its operation had completed, so it gets its result.
class io_executor final : public valuetask::executor {
 public:
  explicit io_executor(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {
    if (executor_ == nullptr) throw std::invalid_argument("valuetask::asio::io_executor: an empty executor");
  }

  void schedule(std::coroutine_handle<> continuation) override {
    boost::asio::post(executor_, resumption(continuation, executor_));
  }

  [[nodiscard]] const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

 private:
  class resumption {
   public:
    resumption(std::coroutine_handle<> continuation, boost::asio::any_io_executor executor) noexcept
        : continuation_(continuation), executor_(std::move(executor)) {}
    resumption(resumption&& other) noexcept
        : continuation_(std::exchange(other.continuation_, nullptr)), executor_(std::move(other.executor_)) {}
    resumption& operator=(resumption&&) = delete;
    ~resumption() {
      if (continuation_) valuetask::detail::resume_loop(continuation_);
    }
    void operator()() {
      const detail::executor_scope scope(executor_);
      valuetask::detail::resume_loop(std::exchange(continuation_, nullptr));
    }

   private:
    std::coroutine_handle<> continuation_;
    boost::asio::any_io_executor executor_;
  };

  boost::asio::any_io_executor executor_;
};

// ---- timeouts ---------------------------------------------------------------------

namespace detail {

inline value_task<void> expire_after(boost::asio::any_io_executor executor,
                                     std::chrono::steady_clock::duration timeout, std::stop_token stop) {
  boost::asio::steady_timer timer(executor, timeout);
  co_await timer.async_wait(use_value_task(std::move(stop)));
}

template <class T>
value_task<T> race_timeout(value_task<T> task, boost::asio::any_io_executor executor,
                           std::chrono::steady_clock::duration timeout,
                           std::stop_source operation_stop) {
  std::stop_source timer_stop;
  using race = decltype(when_any(std::declval<value_task<T>>(), std::declval<value_task<void>>()));
  std::optional<typename race::value_type> winner;
  try {
    winner.emplace(co_await when_any(std::move(task), expire_after(executor, timeout, timer_stop.get_token())));
  } catch (...) {
    timer_stop.request_stop();  // the task failed first
    throw;
  }
  auto& first = *winner;
  if (first.index == 1) {
    operation_stop.request_stop();  // a no-op for std::nostopstate
    throw operation_cancelled();
  }
  timer_stop.request_stop();
  if constexpr (std::is_void_v<T>) {
    co_return;
  } else if constexpr (std::is_same_v<decltype(first.value), T>) {
    co_return std::move(first.value);
  } else {
    co_return std::get<0>(std::move(first.value));
  }
}

template <class T>
value_task<T> start_timeout(value_task<T>& task, boost::asio::any_io_executor executor,
                            std::chrono::steady_clock::duration timeout,
                            std::stop_source operation_stop) {
  value_task<T> owned = task_access::take(task, "with_timeout");
  if (owned.is_completed()) return owned;  // nothing to time: no timer, no allocation
  if (executor == nullptr) {
    throw std::invalid_argument(
        "valuetask::asio::with_timeout: the calling coroutine is not on an Asio executor (it was not "
        "resumed by resume_on or an Asio completion); pass the executor explicitly");
  }
  return race_timeout(std::move(owned), std::move(executor), timeout, std::move(operation_stop));
}

template <class Executor>
concept asio_executor =
    boost::asio::execution::is_executor<Executor>::value || boost::asio::is_executor<Executor>::value;

}  // namespace detail

// `task`, or operation_cancelled if `timeout` passes first; the timer runs on
// the executor the calling coroutine is on (current_executor()). A task that
// is already completed is returned as it is. On expiry the task is detached:
// it runs on, and its late result is dropped.
template <class T, class Rep, class Period>
[[nodiscard]] value_task<T> with_timeout(value_task<T>&& task VALUETASK_CONSUMED_PARAMETER,
                                         std::chrono::duration<Rep, Period> timeout) {
  return detail::start_timeout(task, current_executor(),
                               std::chrono::ceil<std::chrono::steady_clock::duration>(timeout),
                               std::stop_source(std::nostopstate));
}

// The timer on `executor`.
template <class T, class Rep, class Period, detail::asio_executor Executor>
[[nodiscard]] value_task<T> with_timeout(value_task<T>&& task VALUETASK_CONSUMED_PARAMETER,
                                         std::chrono::duration<Rep, Period> timeout, const Executor& executor) {
  return detail::start_timeout(task, boost::asio::any_io_executor(executor),
                               std::chrono::ceil<std::chrono::steady_clock::duration>(timeout),
                               std::stop_source(std::nostopstate));
}

// On expiry, also requests stop on `operation_stop` (whose token the task's
// operation was given), so the operation is cancelled rather than left to run.
template <class T, class Rep, class Period>
[[nodiscard]] value_task<T> with_timeout(value_task<T>&& task VALUETASK_CONSUMED_PARAMETER,
                                         std::chrono::duration<Rep, Period> timeout,
                                         std::stop_source operation_stop) {
  return detail::start_timeout(task, current_executor(),
                               std::chrono::ceil<std::chrono::steady_clock::duration>(timeout),
                               std::move(operation_stop));
}

template <class T, class Rep, class Period, detail::asio_executor Executor>
[[nodiscard]] value_task<T> with_timeout(value_task<T>&& task VALUETASK_CONSUMED_PARAMETER,
                                         std::chrono::duration<Rep, Period> timeout, const Executor& executor,
                                         std::stop_source operation_stop) {
  return detail::start_timeout(task, boost::asio::any_io_executor(executor),
                               std::chrono::ceil<std::chrono::steady_clock::duration>(timeout),
                               std::move(operation_stop));
}

}  // namespace valuetask::asio
