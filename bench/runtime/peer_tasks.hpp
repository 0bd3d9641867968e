// Small faithful re-implementations of three published task types, for the
// peer rows of docs/benchmarks.md (no Debian package ships any of them). Each
// keeps what distinguishes the original on the measured paths and drops what
// the benchmark never reaches (cancellation callbacks, tracing, allocators
// configured per call):
//
//   cppcoro_style::task<T>       cppcoro's task<T>: lazy start, symmetric
//                                transfer both ways, the outcome in a tagged
//                                union (empty / value / exception), an
//                                awaiter that asks handle.done() before
//                                suspending, broken_promise on an empty task.
//   async_simple_style::lazy<T>  async_simple's Lazy<T>: lazy start,
//                                symmetric transfer, the outcome in a
//                                std::variant<monostate, T, exception_ptr>,
//                                and the executor hook: every co_await of a
//                                lazy in a lazy hands the awaiting promise's
//                                executor (and its lazy-local pointer) to the
//                                callee; other awaitables are awaited as they
//                                are and resume inline.
//   folly_style::task<T>         folly::coro::Task<T>: lazy start, symmetric
//                                transfer between tasks, the outcome in a
//                                Try (value or exception), the executor as a
//                                keep-alive the callee inherits on every
//                                co_await, the cancellation token copied into
//                                the callee, an async-stack frame linked and
//                                unlinked per await; any other awaitable is
//                                awaited "via" the executor: its completion
//                                is posted to the executor, which resumes the
//                                awaiting task (co_viaIfAsync).
//
// All three take every frame from the global operator new (the counter sees
// it), as the originals do by default.
#pragma once

#include <coroutine>
#include <exception>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace bench {

// Where a task resumes work that it is told to run elsewhere.
class task_executor {
 public:
  virtual void add(std::coroutine_handle<> work) = 0;

 protected:
  ~task_executor() = default;
};

}  // namespace bench

namespace bench::cppcoro_style {

struct broken_promise : std::logic_error {
  broken_promise() : std::logic_error("broken promise") {}
};

template <class T>
class task {
 public:
  class promise_type {
   public:
    promise_type() noexcept {}
    ~promise_type() {
      if (kind_ == kind::value) value_.~T();
      if (kind_ == kind::exception) error_.~exception_ptr();
    }
    task get_return_object() noexcept {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaitable {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().continuation_;
      }
      void await_resume() noexcept {}
    };
    final_awaitable final_suspend() noexcept { return {}; }
    template <class U>
    void return_value(U&& v) {
      ::new (static_cast<void*>(&value_)) T(std::forward<U>(v));
      kind_ = kind::value;
    }
    void unhandled_exception() noexcept {
      ::new (static_cast<void*>(&error_)) std::exception_ptr(std::current_exception());
      kind_ = kind::exception;
    }
    void set_continuation(std::coroutine_handle<> c) noexcept { continuation_ = c; }
    T result() && {
      if (kind_ == kind::exception) std::rethrow_exception(error_);
      return std::move(value_);
    }

   private:
    enum class kind : unsigned char { empty, value, exception };
    std::coroutine_handle<> continuation_;
    kind kind_ = kind::empty;
    union {
      T value_;
      std::exception_ptr error_;
    };
  };

  task(task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  task& operator=(task&&) = delete;
  ~task() {
    if (h_) h_.destroy();
  }

  struct awaitable {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return !h || h.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
      h.promise().set_continuation(awaiting);
      return h;
    }
    T await_resume() {
      if (!h) throw broken_promise{};
      return std::move(h.promise()).result();
    }
  };
  awaitable operator co_await() && noexcept { return awaitable{h_}; }

 private:
  explicit task(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

}  // namespace bench::cppcoro_style

namespace bench::async_simple_style {

template <class T>
class lazy;

class lazy_promise_base {
 public:
  std::suspend_always initial_suspend() noexcept { return {}; }
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) noexcept {
      return h.promise().continuation_;
    }
    void await_resume() noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }

  // The executor hook: a lazy awaited here runs with this promise's executor.
  template <class U>
  auto await_transform(lazy<U>&& callee) {
    return std::move(callee).co_await_with(executor_, lazy_local_);
  }
  template <class Awaitable>
  Awaitable&& await_transform(Awaitable&& awaitable) {
    return static_cast<Awaitable&&>(awaitable);
  }

  std::coroutine_handle<> continuation_;
  task_executor* executor_ = nullptr;
  void* lazy_local_ = nullptr;
};

template <class T>
class lazy {
 public:
  struct promise_type : lazy_promise_base {
    lazy get_return_object() noexcept {
      return lazy{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    template <class U>
    void return_value(U&& v) {
      value_.template emplace<1>(std::forward<U>(v));
    }
    void unhandled_exception() noexcept { value_.template emplace<2>(std::current_exception()); }
    T result() {
      if (value_.index() == 2) std::rethrow_exception(std::get<2>(value_));
      return std::move(std::get<1>(value_));
    }
    std::variant<std::monostate, T, std::exception_ptr> value_;
  };

  lazy(lazy&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  lazy& operator=(lazy&&) = delete;
  ~lazy() {
    if (h_) h_.destroy();
  }

  struct value_awaiter {
    std::coroutine_handle<promise_type> h;
    value_awaiter(value_awaiter&& other) noexcept : h(std::exchange(other.h, {})) {}
    explicit value_awaiter(std::coroutine_handle<promise_type> handle) noexcept : h(handle) {}
    ~value_awaiter() {
      if (h) h.destroy();
    }
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
      h.promise().continuation_ = awaiting;
      return h;
    }
    T await_resume() { return h.promise().result(); }
  };

  // What the awaiting promise's await_transform calls.
  value_awaiter co_await_with(task_executor* executor, void* lazy_local) && {
    h_.promise().executor_ = executor;
    h_.promise().lazy_local_ = lazy_local;
    return value_awaiter(std::exchange(h_, {}));
  }

  // Starts a top-level lazy on `executor` (async_simple's Lazy::via(ex).start()):
  // it runs inline here until its first suspension.
  void start_detached(task_executor* executor) && {
    h_.promise().executor_ = executor;
    h_.promise().continuation_ = std::noop_coroutine();
    h_.resume();
  }
  [[nodiscard]] bool done() const noexcept { return h_ && h_.done(); }
  [[nodiscard]] promise_type& promise() noexcept { return h_.promise(); }

 private:
  explicit lazy(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

}  // namespace bench::async_simple_style

namespace bench::folly_style {

template <class T>
class task;

// Executor::KeepAlive: a pointer with a "does not own a reference" bit. The
// alias the awaiting task hands down owns none (no reference count touched);
// a copy that owns one would count.
class keep_alive {
 public:
  keep_alive() = default;
  static keep_alive alias(task_executor* executor) noexcept {
    keep_alive k;
    k.bits_ = reinterpret_cast<std::uintptr_t>(executor) | alias_flag;
    return k;
  }
  [[nodiscard]] keep_alive get_alias() const noexcept { return alias(get()); }
  [[nodiscard]] task_executor* get() const noexcept {
    return reinterpret_cast<task_executor*>(bits_ & ~alias_flag);
  }

 private:
  static constexpr std::uintptr_t alias_flag = 1;
  std::uintptr_t bits_ = 0;
};

// folly::CancellationToken: a pointer to shared state; the empty token of
// an uncancellable call copies without touching a reference count.
struct cancellation_token {
  void* state = nullptr;
};

// folly::AsyncStackFrame: links each awaiting frame to its caller.
struct async_stack_frame {
  async_stack_frame* parent = nullptr;
  void* return_address = nullptr;
};

// folly::Try<T>.
template <class T>
class try_result {
 public:
  try_result() noexcept {}
  ~try_result() {
    if (kind_ == kind::value) value_.~T();
    if (kind_ == kind::exception) error_.~exception_ptr();
  }
  template <class U>
  void emplace(U&& v) {
    ::new (static_cast<void*>(&value_)) T(std::forward<U>(v));
    kind_ = kind::value;
  }
  void emplace_exception(std::exception_ptr e) noexcept {
    ::new (static_cast<void*>(&error_)) std::exception_ptr(std::move(e));
    kind_ = kind::exception;
  }
  T value() && {
    if (kind_ == kind::exception) std::rethrow_exception(error_);
    if (kind_ == kind::empty) throw std::logic_error("using an uninitialised Try");
    return std::move(value_);
  }

 private:
  enum class kind : unsigned char { empty, value, exception };
  kind kind_ = kind::empty;
  union {
    T value_;
    std::exception_ptr error_;
  };
};

class task_promise_base {
 public:
  std::suspend_always initial_suspend() noexcept { return {}; }
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) noexcept {
      auto& p = h.promise();
      p.frame_.parent = nullptr;  // popAsyncStackFrameCallee
      return p.continuation_;
    }
    void await_resume() noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }

  // co_await of a task: the callee inherits the executor and the token.
  template <class U>
  auto await_transform(task<U>&& callee) {
    return std::move(callee).via_if_async(executor_.get_alias(), token_, frame_);
  }
  // co_await of anything else: resumed through the executor (co_viaIfAsync).
  template <class Awaitable>
  auto await_transform(Awaitable&& awaitable) {
    return via_awaiter<Awaitable>(static_cast<Awaitable&&>(awaitable), executor_.get());
  }

  // folly's ViaCoroutine: a coroutine frame per await whose only job, when
  // the inner awaitable resumes it, is to post the awaiting task to the
  // executor.
  struct executor_hop {
    struct promise_type {
      executor_hop get_return_object() noexcept {
        return {std::coroutine_handle<promise_type>::from_promise(*this)};
      }
      std::suspend_always initial_suspend() noexcept { return {}; }
      std::suspend_always final_suspend() noexcept { return {}; }
      void return_void() noexcept {}
      void unhandled_exception() noexcept { std::terminate(); }
    };
    std::coroutine_handle<promise_type> h;
  };
  static executor_hop hop_to(task_executor* executor, std::coroutine_handle<> awaiting) {
    executor->add(awaiting);
    co_return;
  }

  template <class Awaitable>
  struct via_awaiter {
    Awaitable inner;
    task_executor* executor;
    std::coroutine_handle<> hop{};
    via_awaiter(Awaitable&& a, task_executor* e) : inner(static_cast<Awaitable&&>(a)), executor(e) {}
    via_awaiter(via_awaiter&&) = delete;
    ~via_awaiter() {
      if (hop) hop.destroy();
    }
    bool await_ready() { return inner.await_ready(); }
    void await_suspend(std::coroutine_handle<> awaiting) {
      hop = hop_to(executor, awaiting).h;
      inner.await_suspend(hop);
    }
    decltype(auto) await_resume() { return inner.await_resume(); }
  };

  std::coroutine_handle<> continuation_;
  async_stack_frame frame_;
  keep_alive executor_;
  cancellation_token token_;
};

template <class T>
class task {
 public:
  struct promise_type : task_promise_base {
    task get_return_object() noexcept {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    template <class U>
    void return_value(U&& v) {
      result_.emplace(std::forward<U>(v));
    }
    void unhandled_exception() noexcept { result_.emplace_exception(std::current_exception()); }
    try_result<T> result_;
  };

  task(task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  task& operator=(task&&) = delete;
  ~task() {
    if (h_) h_.destroy();
  }

  class awaiter {
   public:
    explicit awaiter(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
    awaiter(awaiter&& other) noexcept : h_(std::exchange(other.h_, {})) {}
    ~awaiter() {
      if (h_) h_.destroy();
    }
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> awaiting) noexcept {
      auto& p = h_.promise();
      p.continuation_ = awaiting;
      p.frame_.parent = parent_frame_;  // pushAsyncStackFrameCallerCallee
      p.frame_.return_address = __builtin_return_address(0);
      return h_;
    }
    T await_resume() {
      // Eagerly destroys the frame once the result is out, as folly does.
      auto h = std::exchange(h_, {});
      struct destroy_on_exit {
        std::coroutine_handle<promise_type> h;
        ~destroy_on_exit() { h.destroy(); }
      } guard{h};
      return std::move(h.promise().result_).value();
    }
    async_stack_frame* parent_frame_ = nullptr;

   private:
    std::coroutine_handle<promise_type> h_;
  };

  awaiter via_if_async(keep_alive executor, const cancellation_token& token,
                       async_stack_frame& parent) && {
    auto& p = h_.promise();
    p.executor_ = executor;
    p.token_ = token;
    awaiter a(std::exchange(h_, {}));
    a.parent_frame_ = &parent;
    return a;
  }

  // Starts a top-level task on `executor` (scheduleOn(ex).start()): it runs
  // inline here until its first suspension.
  void start_detached(task_executor* executor) && {
    h_.promise().executor_ = keep_alive::alias(executor);
    h_.promise().continuation_ = std::noop_coroutine();
    h_.resume();
  }
  [[nodiscard]] bool done() const noexcept { return h_ && h_.done(); }
  [[nodiscard]] promise_type& promise() noexcept { return h_.promise(); }

 private:
  explicit task(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

}  // namespace bench::folly_style
