// The advice fits the type: preserve() is offered only for a task type that
// has a preserve() member; a configured third-party type (Boost.Asio's
// awaitable here) is told what works for it.
// RUN: %check_valuetask %s --config="{CheckOptions: {ValueTaskTypes: '::valuetask::value_task;::boost::asio::awaitable;::app::shareable'}}" -- -I%inputs
// RUN: %check_valuetask_compiler %s --config="{CheckOptions: {ValueTaskTypes: '::valuetask::value_task;::boost::asio::awaitable;::app::shareable'}}" -- -I%inputs

#include <optional>
#include <utility>
#include <vector>

#include "asio_awaitable.h"
#include "value_task.h"

namespace asio = boost::asio;

asio::awaitable<int> read_config();
void spawn(asio::awaitable<int> operation);

asio::awaitable<int> awaitable_awaited_twice() {
  auto operation = read_config();
  int a = co_await std::move(operation);
  int b = co_await std::move(operation);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: task 'operation' is awaited more than once; await it once and reuse its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'operation' was awaited here
  co_return a + b;
}

asio::awaitable<int> awaitable_awaited_then_spawned() {
  auto operation = read_config();
  int a = co_await std::move(operation);
  spawn(std::move(operation));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: task 'operation' is passed to 'spawn' after it was already consumed; consume it once and pass on its result [valuetask-multiple-consumers]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'operation' was awaited here
  co_return a;
}

asio::awaitable<int> awaitable_awaited_once_and_its_result_reused() {
  auto operation = read_config();
  int value = co_await std::move(operation);
  co_return value + value;
}

class poller {
public:
  poller() : pending_(read_config()) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task is stored in member 'pending_', where it can be awaited late or more than once; await it where it is made [valuetask-stored-task]
  void queue() { queued_.push_back(read_config()); }
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: task is stored in container 'queued_', where it can be awaited late or more than once; await it where it is made [valuetask-stored-task]
  void later() { next_.emplace(read_config()); }
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: task is stored in container 'next_', where it can be awaited late or more than once; await it where it is made [valuetask-stored-task]

private:
  asio::awaitable<int> pending_;
  std::vector<asio::awaitable<int>> queued_;
  std::optional<asio::awaitable<int>> next_;
};

// The runtime's own task, in the same translation unit, keeps the hint.
valuetask::value_task<int> fetch();

valuetask::value_task<int> value_task_awaited_twice() {
  auto t = fetch();
  int a = co_await std::move(t);
  co_return a + co_await std::move(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 't' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 't' was awaited here
}

class fetcher {
public:
  void start() { tasks_.push_back(fetch()); }
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: task is stored in container 'tasks_', where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]

private:
  std::vector<valuetask::value_task<int>> tasks_;
};

// A configured type of the user's own with a preserve() member gets it too.
namespace app {
template <class T> class shareable {
public:
  struct awaiter {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    T await_resume();
  };
  shareable(shareable &&) noexcept;
  ~shareable();
  awaiter operator co_await() && noexcept;
  shareable preserve() &&;
};
} // namespace app

app::shareable<int> load();

valuetask::value_task<int> shareable_awaited_twice() {
  auto s = load();
  int a = co_await std::move(s);
  co_return a + co_await std::move(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: task 's' is awaited more than once; await it once, or call preserve() to share its result [valuetask-double-await]
  // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 's' was awaited here
}

// The task a reference names decides too.
auto reference_parameter_captured_by_an_escaping_lambda(
    valuetask::value_task<int> &t) {
  return [&t]() -> valuetask::value_task<int> { co_return co_await std::move(t); };
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task is stored in a lambda capture that escapes this function, where it can be awaited late or more than once; await it where it is made, or store the shared_task from preserve() [valuetask-stored-task]
}

auto awaitable_reference_captured_by_an_escaping_lambda(asio::awaitable<int> &a) {
  return [&a]() -> asio::awaitable<int> { co_return co_await std::move(a); };
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task is stored in a lambda capture that escapes this function, where it can be awaited late or more than once; await it where it is made [valuetask-stored-task]
}
