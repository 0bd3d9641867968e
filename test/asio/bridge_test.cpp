// The Boost.Asio bridge: use_value_task and its tuple variant, stop tokens
// through Asio's cancellation slots, as_awaitable, resume_on, io_executor,
// with_timeout, and an io_context destroyed with operations pending.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>
#include <tuple>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <valuetask/asio.hpp>
#include <valuetask/value_task.hpp>

namespace net = boost::asio;
using net::ip::tcp;
using valuetask::manual_reset_source;
using valuetask::operation_cancelled;
using valuetask::value_task;
using valuetask::asio::as_awaitable;
using valuetask::asio::use_value_task;
using namespace std::chrono_literals;

namespace {

// Two connected sockets on 127.0.0.1.
struct socket_pair {
  explicit socket_pair(net::io_context& context) : client(context), server(context) {
    tcp::acceptor acceptor(context, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    client.connect(acceptor.local_endpoint());
    server = acceptor.accept();
  }
  tcp::socket client;
  tcp::socket server;
};

// Records how an awaited task ended.
struct ending {
  bool done = false;
  bool cancelled = false;
  std::string error;
};

template <class T>
value_task<void> watch(value_task<T> task, ending& seen) {
  try {
    co_await std::move(task);
  } catch (const operation_cancelled&) {
    seen.cancelled = true;
  } catch (const std::exception& error) {
    seen.error = error.what();
  }
  seen.done = true;
}

value_task<std::string> read_some(tcp::socket& socket) {
  char buffer[64];
  const std::size_t size = co_await socket.async_read_some(net::buffer(buffer), use_value_task);
  co_return std::string(buffer, size);
}

// ---- use_value_task ------------------------------------------------------------------

TEST(UseValueTask, read_yields_the_byte_count) {
  net::io_context context;
  socket_pair sockets(context);
  value_task<std::string> received = read_some(sockets.server);
  net::write(sockets.client, net::buffer("hello", 5));
  context.run();
  EXPECT_EQ(std::move(received).result(), "hello");
}

TEST(UseValueTask, error_throws_system_error) {
  net::io_context context;
  socket_pair sockets(context);
  sockets.client.close();
  value_task<std::string> received = read_some(sockets.server);
  context.run();
  try {
    static_cast<void>(std::move(received).result());
    FAIL() << "reading at end of stream must throw";
  } catch (const boost::system::system_error& error) {
    EXPECT_EQ(error.code(), net::error::eof);
  }
}

value_task<boost::system::error_code> read_error(tcp::socket& socket) {
  char buffer[8];
  auto [error, size] = co_await socket.async_read_some(net::buffer(buffer),
                                                      valuetask::asio::as_tuple(use_value_task));
  EXPECT_EQ(size, 0U);
  co_return error;
}

TEST(UseValueTask, as_tuple_returns_the_error_code_instead_of_throwing) {
  net::io_context context;
  socket_pair sockets(context);
  sockets.client.close();
  value_task<boost::system::error_code> error = read_error(sockets.server);
  context.run();
  EXPECT_EQ(std::move(error).result(), net::error::eof);
}

TEST(UseValueTask, asio_as_tuple_adapter_works_too) {
  net::io_context context;
  socket_pair sockets(context);
  net::write(sockets.client, net::buffer("ab", 2));
  char buffer[8];
  value_task<std::tuple<boost::system::error_code, std::size_t>> read =
      sockets.server.async_read_some(net::buffer(buffer), net::as_tuple(use_value_task));
  context.run();
  auto [error, size] = std::move(read).result();
  EXPECT_FALSE(error);
  EXPECT_EQ(size, 2U);
}

TEST(UseValueTask, error_code_only_signature_gives_value_task_void) {
  net::io_context context;
  net::steady_timer timer(context, 1ms);
  value_task<void> waited = timer.async_wait(use_value_task);
  EXPECT_FALSE(waited.is_completed());
  context.run();
  EXPECT_NO_THROW(std::move(waited).result());
}

// An operation with a signature of several values.
template <class Token>
auto async_pair(net::io_context& context, Token&& token) {
  return net::async_initiate<Token, void(boost::system::error_code, int, std::string)>(
      [&context](auto handler) {
        net::post(context, [handler = std::move(handler)]() mutable {
          std::move(handler)(boost::system::error_code(), 7, std::string("seven"));
        });
      },
      token);
}

TEST(UseValueTask, several_values_give_a_tuple) {
  net::io_context context;
  value_task<std::tuple<int, std::string>> pair = async_pair(context, use_value_task);
  context.run();
  EXPECT_EQ(std::move(pair).result(), std::make_tuple(7, std::string("seven")));
}

net::awaitable<int> asio_answer() { co_return 42; }
net::awaitable<int> asio_failure() {
  throw std::runtime_error("from an awaitable");
  co_return 0;
}

TEST(UseValueTask, co_spawn_of_an_awaitable_is_awaitable_from_a_value_task) {
  net::io_context context;
  value_task<int> answer = net::co_spawn(context, asio_answer(), use_value_task);
  value_task<int> failure = net::co_spawn(context, asio_failure(), use_value_task);
  context.run();
  EXPECT_EQ(std::move(answer).result(), 42);
  EXPECT_THROW(static_cast<void>(std::move(failure).result()), std::runtime_error);
}

TEST(UseValueTask, operation_starts_when_called_even_if_never_awaited) {
  net::io_context context;
  socket_pair sockets(context);
  static_cast<void>(net::async_write(sockets.client, net::buffer("xyz", 3), use_value_task));
  context.run();
  char buffer[3];
  EXPECT_EQ(net::read(sockets.server, net::buffer(buffer)), 3U);
}

TEST(UseValueTask, current_executor_is_set_while_a_completion_resumes) {
  net::io_context context;
  EXPECT_EQ(valuetask::asio::current_executor(), nullptr);
  bool matched = false;
  auto check = [](net::io_context& context, bool& matched) -> value_task<void> {
    net::steady_timer timer(context, 0ms);
    co_await timer.async_wait(use_value_task);
    matched = valuetask::asio::current_executor() == net::any_io_executor(context.get_executor());
  };
  value_task<void> task = check(context, matched);
  context.run();
  EXPECT_TRUE(matched);
  EXPECT_EQ(valuetask::asio::current_executor(), nullptr);
}

// ---- stop tokens ------------------------------------------------------------------------

TEST(UseValueTaskStop, stop_request_cancels_a_pending_read_with_operation_cancelled) {
  net::io_context context;
  socket_pair sockets(context);
  std::stop_source stop;
  char buffer[8];
  ending seen;
  value_task<void> watcher =
      watch(sockets.server.async_read_some(net::buffer(buffer), use_value_task(stop.get_token())), seen);
  context.poll();
  EXPECT_FALSE(seen.done);
  stop.request_stop();
  context.run();
  EXPECT_TRUE(seen.done);
  EXPECT_TRUE(seen.cancelled) << seen.error;
}

TEST(UseValueTaskStop, tuple_variant_is_cancelled_with_operation_cancelled_too) {
  net::io_context context;
  net::steady_timer timer(context, 1h);
  std::stop_source stop;
  ending seen;
  value_task<void> watcher =
      watch(timer.async_wait(valuetask::asio::as_tuple(use_value_task(stop.get_token()))), seen);
  stop.request_stop();
  context.run();
  EXPECT_TRUE(seen.cancelled);
}

TEST(UseValueTaskStop, already_stopped_token_never_starts_the_operation) {
  net::io_context context;
  net::steady_timer timer(context, 1h);
  std::stop_source stop;
  stop.request_stop();
  value_task<void> waited = timer.async_wait(use_value_task(stop.get_token()));
  ASSERT_TRUE(waited.is_completed());
  EXPECT_THROW(std::move(waited).result(), operation_cancelled);
  EXPECT_EQ(context.run(), 0U);  // nothing was started
}

TEST(UseValueTaskStop, stop_after_completion_keeps_the_result) {
  net::io_context context;
  socket_pair sockets(context);
  std::stop_source stop;
  net::write(sockets.client, net::buffer("hi", 2));
  char buffer[8];
  value_task<std::size_t> read = sockets.server.async_read_some(net::buffer(buffer), use_value_task(stop.get_token()));
  context.run();
  stop.request_stop();
  EXPECT_EQ(std::move(read).result(), 2U);
}

TEST(UseValueTaskStop, stop_from_another_thread_is_delivered_on_the_io_thread) {
  net::io_context context;
  auto guard = net::make_work_guard(context);
  std::thread io([&] { context.run(); });
  for (int round = 0; round < 200; ++round) {
    net::steady_timer timer(context, 1h);
    std::stop_source stop;
    value_task<void> waited = timer.async_wait(use_value_task(stop.get_token()));
    std::thread stopper([&] { stop.request_stop(); });
    stopper.join();
    EXPECT_THROW(valuetask::sync_wait(std::move(waited)), operation_cancelled);
  }
  guard.reset();
  io.join();
}

TEST(UseValueTaskStop, asio_cancellation_slot_binder_works_with_the_token) {
  net::io_context context;
  net::steady_timer timer(context, 1h);
  net::cancellation_signal signal;
  ending seen;
  value_task<void> watcher = watch(timer.async_wait(net::bind_cancellation_slot(signal.slot(), use_value_task)), seen);
  context.poll();
  signal.emit(net::cancellation_type::terminal);
  context.run();
  EXPECT_TRUE(seen.done);
  EXPECT_NE(seen.error.find("cancel"), std::string::npos) << seen.error;  // Asio's operation_aborted
}

// ---- as_awaitable -----------------------------------------------------------------------

value_task<int> ready_int() { co_return 5; }
value_task<int> relay(manual_reset_source<int>& source) { co_return co_await source.task(); }

TEST(AsAwaitable, ready_task_is_awaited_inside_an_asio_coroutine) {
  net::io_context context;
  int result = 0;
  net::co_spawn(
      context, [&]() -> net::awaitable<void> { result = co_await as_awaitable(ready_int()); }, net::detached);
  context.run();
  EXPECT_EQ(result, 5);
}

TEST(AsAwaitable, takes_the_task_at_the_call) {
  value_task<int> task = ready_int();
  net::awaitable<int> awaitable = as_awaitable(std::move(task));
  EXPECT_THROW(static_cast<void>(std::move(task).result()), valuetask::task_misuse_error);
  net::io_context context;
  int result = 0;
  net::co_spawn(context, std::move(awaitable), [&](std::exception_ptr, int value) { result = value; });
  context.run();
  EXPECT_EQ(result, 5);
}

TEST(AsAwaitable, result_arrives_on_the_awaitables_executor_when_completed_on_another_thread) {
  net::io_context context;
  manual_reset_source<int> source;
  int result = 0;
  bool on_io_thread = false;
  std::thread::id io_thread;
  net::co_spawn(
      context,
      [&]() -> net::awaitable<void> {
        io_thread = std::this_thread::get_id();
        result = co_await as_awaitable(relay(source));
        on_io_thread = context.get_executor().running_in_this_thread() && std::this_thread::get_id() == io_thread;
      },
      net::detached);
  std::thread io([&] { context.run(); });  // the work guard inside keeps run() going
  std::thread completer([&] { source.set_result(9); });  // before or after the await: both must work
  completer.join();
  io.join();
  EXPECT_EQ(result, 9);
  EXPECT_TRUE(on_io_thread);
}

value_task<int> failing(manual_reset_source<int>& source) {
  co_await source.task();
  throw std::runtime_error("value_task failed");
}

TEST(AsAwaitable, exception_propagates_into_the_asio_coroutine) {
  net::io_context context;
  manual_reset_source<int> source;
  std::string caught;
  net::co_spawn(
      context,
      [&]() -> net::awaitable<void> {
        try {
          co_await as_awaitable(failing(source));
        } catch (const std::runtime_error& error) {
          caught = error.what();
        }
      },
      net::detached);
  context.poll();
  source.set_result(1);
  context.run();
  EXPECT_EQ(caught, "value_task failed");
}

// ---- executors ------------------------------------------------------------------------

value_task<bool> hop(net::io_context& context) {
  co_await valuetask::asio::resume_on(context.get_executor());
  co_return context.get_executor().running_in_this_thread() &&
      valuetask::asio::current_executor() == net::any_io_executor(context.get_executor());
}

TEST(ResumeOn, coroutine_moves_onto_the_executor) {
  net::io_context context;
  value_task<bool> hopped = hop(context);
  EXPECT_FALSE(hopped.is_completed());  // always through the queue
  context.run();
  EXPECT_TRUE(std::move(hopped).result());
}

TEST(IoExecutor, source_continuation_runs_on_the_io_context) {
  net::io_context context;
  valuetask::asio::io_executor executor(context.get_executor());
  manual_reset_source<int> source(executor);
  auto await_there = [](manual_reset_source<int>& source, net::io_context& context) -> value_task<bool> {
    co_await source.task();
    co_return context.get_executor().running_in_this_thread();
  };
  value_task<bool> task = await_there(source, context);
  std::thread completer([&] { source.set_result(1); });
  completer.join();
  EXPECT_FALSE(task.is_completed());
  context.run();
  EXPECT_TRUE(std::move(task).result());
}

TEST(IoExecutor, empty_executor_is_rejected) {
  EXPECT_THROW(static_cast<void>(valuetask::asio::io_executor{net::any_io_executor{}}), std::invalid_argument);
}

// ---- with_timeout ------------------------------------------------------------------------

value_task<int> timed_relay(net::io_context& context, manual_reset_source<int>& source,
                            std::chrono::milliseconds timeout) {
  co_await valuetask::asio::resume_on(context.get_executor());
  co_return co_await valuetask::asio::with_timeout(relay(source), timeout);
}

TEST(WithTimeout, expiry_completes_with_operation_cancelled_and_the_late_result_is_dropped) {
  net::io_context context;
  manual_reset_source<int> source;
  value_task<int> task = timed_relay(context, source, 1ms);
  context.run();
  ASSERT_TRUE(task.is_completed());
  EXPECT_THROW(static_cast<void>(std::move(task).result()), operation_cancelled);
  source.set_result(3);  // arrives late: dropped by the detached child
}

TEST(WithTimeout, result_first_cancels_the_timer) {
  net::io_context context;
  manual_reset_source<int> source;
  value_task<int> task = timed_relay(context, source, std::chrono::hours(1));
  context.poll();
  source.set_result(4);
  context.run();  // returns at once: the hour-long timer was cancelled
  EXPECT_EQ(std::move(task).result(), 4);
}

TEST(WithTimeout, failure_first_propagates_and_cancels_the_timer) {
  net::io_context context;
  manual_reset_source<int> source;
  value_task<int> task = timed_relay(context, source, std::chrono::hours(1));
  context.poll();
  source.set_exception(std::make_exception_ptr(std::runtime_error("failed")));
  context.run();
  EXPECT_THROW(static_cast<void>(std::move(task).result()), std::runtime_error);
}

TEST(WithTimeout, expiry_requests_stop_of_an_operation_given_a_stop_token) {
  net::io_context context;
  socket_pair sockets(context);
  std::stop_source stop;
  char buffer[8];
  ending seen;
  value_task<void> watcher = watch(
      valuetask::asio::with_timeout(sockets.server.async_read_some(net::buffer(buffer), use_value_task(stop.get_token())),
                                    1ms, context.get_executor(), stop),
      seen);
  context.run();  // returns only because the read was cancelled too
  EXPECT_TRUE(seen.cancelled);
  EXPECT_TRUE(stop.stop_requested());
}

TEST(WithTimeout, explicit_executor_needs_no_current_one) {
  net::io_context context;
  manual_reset_source<int> source;
  value_task<int> task = valuetask::asio::with_timeout(relay(source), 1ms, context.get_executor());
  context.run();
  EXPECT_THROW(static_cast<void>(std::move(task).result()), operation_cancelled);
  source.set_result(1);  // the late result, dropped
}

TEST(WithTimeout, completed_task_is_returned_as_it_is) {
  value_task<int> task = valuetask::asio::with_timeout(ready_int(), 1ms);
  ASSERT_TRUE(task.is_completed());
  EXPECT_EQ(std::move(task).result(), 5);
}

TEST(WithTimeout, no_current_executor_is_a_clear_error) {
  manual_reset_source<int> source;
  try {
    static_cast<void>(valuetask::asio::with_timeout(relay(source), 1ms));
    FAIL() << "with_timeout without an executor must throw";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("pass the executor explicitly"), std::string::npos);
  }
  source.set_result(1);
}

TEST(WithTimeout, void_tasks) {
  net::io_context context;
  manual_reset_source<void> source;
  value_task<void> task = valuetask::asio::with_timeout(source.task(), std::chrono::hours(1), context.get_executor());
  source.set_result();
  context.run();
  EXPECT_NO_THROW(std::move(task).result());
}

// ---- when_any over Asio operations -------------------------------------------------------

TEST(WhenAnyAsio, first_timer_wins_and_the_stop_source_cancels_the_other) {
  net::io_context context;
  net::steady_timer fast(context, 1ms), slow(context, 1h);
  std::stop_source stop;
  auto any = valuetask::when_any(stop, fast.async_wait(use_value_task(stop.get_token())),
                                 slow.async_wait(use_value_task(stop.get_token())));
  context.run();  // returns once the slow timer is cancelled
  EXPECT_EQ(std::move(any).result().index, 0U);
}

// ---- an io_context destroyed with operations pending -------------------------------------

// Each owns its I/O object, as a session owns its socket: the object goes
// when the coroutine unwinds.
value_task<void> read_owned(tcp::socket socket, std::stop_token stop) {
  char buffer[8];
  co_await socket.async_read_some(net::buffer(buffer), use_value_task(std::move(stop)));
}
value_task<void> wait_owned(net::io_context& context) {
  net::steady_timer timer(context, 1h);
  co_await timer.async_wait(use_value_task);
}

TEST(IoContextDestruction, pending_operations_complete_with_operation_cancelled) {
  ending read_seen, timer_seen, hop_seen, timeout_seen, stoppable_seen;
  manual_reset_source<int> never;
  std::stop_source stop;
  value_task<void> read_watch, timer_watch, hop_watch, timeout_watch, stoppable_watch;
  {
    auto context = std::make_unique<net::io_context>();
    socket_pair sockets(*context);
    read_watch = watch(read_owned(std::move(sockets.server), std::stop_token()), read_seen);
    stoppable_watch = watch(read_owned(std::move(sockets.client), stop.get_token()), stoppable_seen);
    timer_watch = watch(wait_owned(*context), timer_seen);
    timeout_watch = watch(valuetask::asio::with_timeout(relay(never), 1h, context->get_executor()), timeout_seen);
    context->poll();
    hop_watch = watch(hop(*context), hop_seen);  // its resumption stays queued
    stop.request_stop();  // its cancellation is posted, never run
    EXPECT_FALSE(read_seen.done || stoppable_seen.done || timer_seen.done || hop_seen.done || timeout_seen.done);
    context.reset();  // the handlers are destroyed unused
  }
  EXPECT_TRUE(read_seen.cancelled);
  EXPECT_TRUE(stoppable_seen.cancelled);
  EXPECT_TRUE(timer_seen.cancelled);
  EXPECT_TRUE(hop_seen.cancelled);
  EXPECT_TRUE(timeout_seen.cancelled);  // its timer went with the context
  never.set_result(1);  // the detached child finishes; LeakSanitizer checks that nothing is left
  EXPECT_TRUE(read_watch.is_completed() && timer_watch.is_completed() && hop_watch.is_completed() &&
              timeout_watch.is_completed() && stoppable_watch.is_completed());
}

}  // namespace
