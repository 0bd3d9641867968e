// A seeded random driver of the public API: make / move / observe / consume
// (co_await, result(), preserve(), sync_wait) / drop tasks, and complete /
// reset the sources behind them, in random orders, against a model of what
// each call must do. Invariants checked after every step:
//   - every misuse the model predicts throws task_misuse_error with the
//     predicted kind (no misuse missed), and nothing else throws (each
//     misuse reported as what it is);
//   - observers agree with the model, results carry the value or exception
//     that was put in;
//   - nothing leaks: every payload constructed is destroyed by the end (and
//     ASan's leak checker watches the coroutine frames in the *-asan builds).
#include <valuetask/value_task.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#ifndef VALUETASK_STRESS_OPERATIONS
#define VALUETASK_STRESS_OPERATIONS 1000000
#endif

namespace {

using valuetask::misuse;

// A payload that counts its live instances.
struct payload {
  static inline long live = 0;
  long value;
  explicit payload(long v) : value(v) { ++live; }
  payload(const payload& o) : value(o.value) { ++live; }
  payload(payload&& o) noexcept : value(o.value) { ++live; }
  payload& operator=(const payload&) = default;
  payload& operator=(payload&&) noexcept = default;
  ~payload() { --live; }
};

struct failure {
  long id;
};

using task = valuetask::value_task<payload>;
using source = valuetask::manual_reset_source<payload>;

// What one source's current operation is doing.
struct source_model {
  enum class outcome { pending, value, error } state = outcome::pending;
  long id = 0;              // the value or the failure id once completed
  bool awaited = false;     // an awaiter is registered (a suspended coroutine)
  bool result_taken = false;
  bool handed_out = false;  // some slot or coroutine holds this version's task
};

// What one slot's task is.
struct slot_model {
  enum class kind { empty, moved_from, consumed, value, error, source, coroutine } k = kind::empty;
  long id = 0;     // value / error id
  int src = -1;    // source / coroutine: which source it waits on
  std::uint32_t version = 0;
};

// A coroutine that awaits a source task: pending until the source completes.
task wrap(task t) { co_return co_await std::move(t); }

// What an awaiting driver coroutine saw.
struct record {
  bool done = false;
  std::optional<long> value;
  std::optional<long> error;
  std::optional<misuse> misused;
};

valuetask::value_task<void> await_into(task t, record& r) {
  try {
    payload p = co_await std::move(t);
    r.value = p.value;
  } catch (const failure& f) {
    r.error = f.id;
  } catch (const valuetask::task_misuse_error& e) {
    r.misused = e.kind();
  }
  r.done = true;
}

// An awaiter whose expectation is known only when its source completes.
struct pending_await {
  std::unique_ptr<record> rec;
  valuetask::value_task<void> driver;
  int src;
  std::uint32_t version;
};

// The driver keeps tasks in slots on purpose, to consume them in random
// orders later: exactly what valuetask-stored-task warns about in real code.
// NOLINTBEGIN(valuetask-stored-task)
class driver {
 public:
  explicit driver(std::uint64_t seed) : rng_(seed) {}

  void step() {
    const int op = pick(100);
    if (op < 14) make_completed();
    else if (op < 24) make_from_source();
    else if (op < 30) make_coroutine();
    else if (op < 37) move_slot();
    else if (op < 47) observe();
    else if (op < 57) consume_result();
    else if (op < 65) consume_await();
    else if (op < 70) consume_preserve();
    else if (op < 74) consume_sync_wait();
    else if (op < 88) complete_source();
    else if (op < 96) reset_source();
    else drop();
  }

  // Completes everything still pending so that every frame can finish.
  void finish() {
    for (int s = 0; s < kSources; ++s) {
      if (srcm_[s].state == source_model::outcome::pending) complete(s, false);
    }
    for (auto& p : awaits_) check_await(p);
    awaits_.clear();
    for (auto& sh : shared_) check_shared(sh);
    shared_.clear();
    for (auto& t : slots_) t = task{};
    for (auto& s : sources_) s.reset();
  }

  std::uint64_t misuses = 0;
  std::uint64_t steps_checked = 0;

 private:
  static constexpr int kSlots = 6;
  static constexpr int kSources = 3;

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  long fresh_id() { return ++next_id_; }

  // Runs `f`, which must throw task_misuse_error of `kind` when set, and
  // must not throw otherwise.
  template <class F>
  void expect(std::optional<misuse> kind, const char* what, F&& f) {
    ++steps_checked;
    try {
      f();
    } catch (const valuetask::task_misuse_error& e) {
      ASSERT_TRUE(kind.has_value()) << what << ": unexpected misuse: " << e.what();
      ASSERT_EQ(static_cast<int>(*kind), static_cast<int>(e.kind())) << what << ": " << e.what();
      ++misuses;
      return;
    }
    ASSERT_FALSE(kind.has_value()) << what << ": misuse " << static_cast<int>(*kind) << " not reported";
  }

  bool stale(const slot_model& m) const {
    return (m.k == slot_model::kind::source) && m.version != sources_[m.src].version();
  }

  bool completed(const slot_model& m) const {
    switch (m.k) {
      case slot_model::kind::value:
      case slot_model::kind::error:
        return true;
      case slot_model::kind::source:
      case slot_model::kind::coroutine:
        return srcm_[m.src].state != source_model::outcome::pending;
      default:
        return false;
    }
  }

  // The misuse of consuming the slot, if any (before any completion check).
  std::optional<misuse> consume_misuse(const slot_model& m) const {
    switch (m.k) {
      case slot_model::kind::empty: return misuse::empty_task;
      case slot_model::kind::moved_from: return misuse::moved_from_task;
      case slot_model::kind::consumed: return misuse::consumed_twice;
      default: break;
    }
    if (stale(m)) return misuse::stale_version;
    return std::nullopt;
  }

  void make_completed() {
    const int s = pick(kSlots);
    const long id = fresh_id();
    if (pick(3) == 0) {
      slots_[s] = valuetask::from_exception<payload>(std::make_exception_ptr(failure{id}));
      model_[s] = {slot_model::kind::error, id, -1, 0};
    } else if (pick(2) == 0) {
      slots_[s] = valuetask::from_result(payload(id));
      model_[s] = {slot_model::kind::value, id, -1, 0};
    } else {
      slots_[s] = task(payload(id));
      model_[s] = {slot_model::kind::value, id, -1, 0};
    }
    check_observers(s);
  }

  // Only one holder per operation: the second-awaiter misuse is exercised
  // on purpose in its own unit test, not by the random driver.
  int free_source() {
    const int src = pick(kSources);
    if (srcm_[src].handed_out) return -1;
    return src;
  }

  void make_from_source() {
    const int s = pick(kSlots), src = free_source();
    if (src < 0) return;
    release_model(s);
    slots_[s] = sources_[src].task();
    srcm_[src].handed_out = true;
    model_[s] = {slot_model::kind::source, 0, src, sources_[src].version()};
    check_observers(s);
  }

  void make_coroutine() {
    const int s = pick(kSlots), src = free_source();
    if (src < 0) return;
    release_model(s);
    slots_[s] = wrap(sources_[src].task());
    srcm_[src].handed_out = true;
    if (srcm_[src].state == source_model::outcome::pending) {
      srcm_[src].awaited = true;  // wrap suspended on it
    } else {
      srcm_[src].result_taken = true;
    }
    model_[s] = {slot_model::kind::coroutine, 0, src, sources_[src].version()};
    if (srcm_[src].state != source_model::outcome::pending) settle_coroutine(model_[s]);
    check_observers(s);
  }

  // A coroutine slot whose source completed holds the source's outcome.
  void settle_coroutine(slot_model& m) {
    const auto& sm = srcm_[m.src];
    m.k = sm.state == source_model::outcome::value ? slot_model::kind::value : slot_model::kind::error;
    m.id = sm.id;
    m.src = -1;
  }

  // The slot's task is about to be overwritten: a source task let go of its
  // operation (nobody will take its result).
  void release_model(int s) {
    slot_model& m = model_[s];
    if (m.k == slot_model::kind::source && !stale(m)) srcm_[m.src].handed_out = true;
  }

  void move_slot() {
    const int a = pick(kSlots), b = pick(kSlots);
    if (a == b) return;
    release_model(b);
    slots_[b] = std::move(slots_[a]);
    model_[b] = model_[a];
    model_[a] = {slot_model::kind::moved_from, 0, -1, 0};
    check_observers(a);
    check_observers(b);
  }

  void check_observers(int s) {
    const slot_model& m = model_[s];
    if (stale(m)) {
      expect(misuse::stale_version, "is_completed() on a stale task",
             [&] { (void)slots_[s].is_completed(); });
      return;
    }
    ++steps_checked;
    const bool done = completed(m);
    ASSERT_EQ(slots_[s].is_completed(), done) << "slot " << s << " kind " << static_cast<int>(m.k);
    bool faulted = m.k == slot_model::kind::error;
    if (m.k == slot_model::kind::source || m.k == slot_model::kind::coroutine) {
      faulted = srcm_[m.src].state == source_model::outcome::error;
    }
    ASSERT_EQ(slots_[s].is_faulted(), done && faulted) << "slot " << s;
    ASSERT_EQ(slots_[s].is_completed_successfully(), done && !faulted) << "slot " << s;
  }

  void observe() { check_observers(pick(kSlots)); }

  // The outcome a completed, consumable slot delivers.
  std::pair<bool, long> outcome(const slot_model& m) const {
    if (m.k == slot_model::kind::value) return {true, m.id};
    if (m.k == slot_model::kind::error) return {false, m.id};
    const auto& sm = srcm_[m.src];
    return {sm.state == source_model::outcome::value, sm.id};
  }

  void mark_consumed(int s) {
    slot_model& m = model_[s];
    if (m.k == slot_model::kind::source) srcm_[m.src].result_taken = true;
    m = {slot_model::kind::consumed, 0, -1, 0};
  }

  // preserve() and sync_wait take the task before they ask a source for its
  // status, so a stale task is consumed by the call that reports it (result()
  // asks first and leaves it alone).
  void after_failed_take(int s, misuse kind) {
    if (kind == misuse::stale_version) model_[s] = {slot_model::kind::consumed, 0, -1, 0};
  }

  void consume_result() {
    const int s = pick(kSlots);
    const slot_model m = model_[s];
    std::optional<misuse> bad = consume_misuse(m);
    if (!bad && !completed(m)) bad = misuse::result_of_pending;
    if (bad) {
      expect(bad, "result()", [&] { (void)std::move(slots_[s]).result(); });
      return;
    }
    const auto [ok, id] = outcome(m);
    ++steps_checked;
    try {
      payload p = std::move(slots_[s]).result();
      ASSERT_TRUE(ok) << "result() returned instead of rethrowing";
      ASSERT_EQ(p.value, id);
    } catch (const failure& f) {
      ASSERT_FALSE(ok) << "result() threw instead of returning";
      ASSERT_EQ(f.id, id);
    }
    mark_consumed(s);
    check_observers(s);
  }

  void consume_sync_wait() {
    const int s = pick(kSlots);
    const slot_model m = model_[s];
    const std::optional<misuse> bad = consume_misuse(m);
    if (!bad && !completed(m)) return;  // would block: nobody else completes it
    if (bad) {
      expect(bad, "sync_wait", [&] { (void)valuetask::sync_wait(std::move(slots_[s])); });
      after_failed_take(s, *bad);
      return;
    }
    const auto [ok, id] = outcome(m);
    ++steps_checked;
    try {
      payload p = valuetask::sync_wait(std::move(slots_[s]));
      ASSERT_TRUE(ok);
      ASSERT_EQ(p.value, id);
    } catch (const failure& f) {
      ASSERT_FALSE(ok);
      ASSERT_EQ(f.id, id);
    }
    mark_consumed(s);
  }

  void consume_await() {
    const int s = pick(kSlots);
    const slot_model m = model_[s];
    auto rec = std::make_unique<record>();
    auto drv = await_into(std::move(slots_[s]), *rec);
    // Passing the task into the coroutine moved it: the slot is moved-from
    // whatever happened next.
    model_[s] = {slot_model::kind::moved_from, 0, -1, 0};
    const std::optional<misuse> bad = consume_misuse(m);
    ++steps_checked;
    if (bad) {
      ASSERT_TRUE(rec->done);
      ASSERT_TRUE(rec->misused.has_value()) << "co_await of a misused task: misuse not reported";
      ASSERT_EQ(static_cast<int>(*bad), static_cast<int>(*rec->misused));
      ++misuses;
      return;
    }
    if (m.k == slot_model::kind::source) srcm_[m.src].result_taken = completed(m);
    if (completed(m)) {
      pending_await p{std::move(rec), std::move(drv), -1, 0};
      const auto [ok, id] = outcome(m);
      check_record(*p.rec, ok, id);
      return;
    }
    // Pending: the coroutine (or wrap's frame) now waits on the source.
    if (m.k == slot_model::kind::source) srcm_[m.src].awaited = true;
    ASSERT_FALSE(rec->done);
    awaits_.push_back({std::move(rec), std::move(drv), m.src, m.version});
  }

  void check_record(const record& r, bool ok, long id) {
    ASSERT_TRUE(r.done);
    ASSERT_FALSE(r.misused.has_value()) << "unexpected misuse " << static_cast<int>(*r.misused);
    if (ok) {
      ASSERT_TRUE(r.value.has_value());
      ASSERT_EQ(*r.value, id);
    } else {
      ASSERT_TRUE(r.error.has_value());
      ASSERT_EQ(*r.error, id);
    }
  }

  void check_await(pending_await& p) {
    // Only called once the source completed.
    ASSERT_TRUE(p.driver.is_completed());
    (void)std::move(p.driver).result();
  }

  struct shared_expect {
    valuetask::shared_task<payload> task;
    int src;  // -1 when the outcome is known already
    bool ok;
    long id;
  };

  void consume_preserve() {
    const int s = pick(kSlots);
    const slot_model m = model_[s];
    const std::optional<misuse> bad = consume_misuse(m);
    if (bad) {
      expect(bad, "preserve()", [&] { (void)std::move(slots_[s]).preserve(); });
      after_failed_take(s, *bad);
      return;
    }
    ++steps_checked;
    auto sh = std::move(slots_[s]).preserve();
    shared_expect e{std::move(sh), -1, false, 0};
    if (completed(m)) {
      std::tie(e.ok, e.id) = outcome(m);
      if (m.k == slot_model::kind::source) srcm_[m.src].result_taken = true;
    } else {
      e.src = m.src;
      if (m.k == slot_model::kind::source) srcm_[m.src].awaited = true;
    }
    mark_consumed(s);
    if (e.src < 0) check_shared(e);
    shared_.push_back(std::move(e));
  }

  void check_shared(shared_expect& e) {
    ++steps_checked;
    ASSERT_TRUE(e.task.is_completed());
    for (int i = 0; i < 2; ++i) {  // any number of consumers
      try {
        const payload& p = e.task.result();
        ASSERT_TRUE(e.ok);
        ASSERT_EQ(p.value, e.id);
      } catch (const failure& f) {
        ASSERT_FALSE(e.ok);
        ASSERT_EQ(f.id, e.id);
      }
    }
  }

  void complete(int src, bool twice_ok) {
    source_model& sm = srcm_[src];
    const long id = fresh_id();
    const bool error = pick(4) == 0;
    const std::optional<misuse> bad =
        sm.state != source_model::outcome::pending ? std::optional(misuse::completed_twice) : std::nullopt;
    (void)twice_ok;
    expect(bad, "set_result/set_exception", [&] {
      if (error) {
        sources_[src].set_exception(std::make_exception_ptr(failure{id}));
      } else {
        sources_[src].set_result(payload(id));
      }
    });
    if (bad) return;
    sm.state = error ? source_model::outcome::error : source_model::outcome::value;
    sm.id = id;
    if (sm.awaited) sm.result_taken = true;
    sm.awaited = false;
    // Awaiters ran inline: check them now.
    for (std::size_t i = 0; i < awaits_.size();) {
      if (awaits_[i].src == src && awaits_[i].version == sources_[src].version()) {
        check_record(*awaits_[i].rec, !error, id);
        check_await(awaits_[i]);
        awaits_.erase(awaits_.begin() + static_cast<long>(i));
      } else {
        ++i;
      }
    }
    for (auto& m : model_) {
      if (m.k == slot_model::kind::coroutine && m.src == src) settle_coroutine(m);
    }
    for (auto& e : shared_) {
      if (e.src == src) {
        e.src = -1;
        e.ok = !error;
        e.id = id;
      }
    }
  }

  void complete_source() { complete(pick(kSources), false); }

  void reset_source() {
    const int src = pick(kSources);
    source_model& sm = srcm_[src];
    const std::optional<misuse> bad =
        sm.awaited ? std::optional(misuse::reset_while_awaited) : std::nullopt;
    expect(bad, "reset()", [&] { sources_[src].reset(); });
    if (bad) return;
    sm = source_model{};
  }

  void drop() {
    const int s = pick(kSlots);
    release_model(s);
    slots_[s] = task{};
    model_[s] = {slot_model::kind::empty, 0, -1, 0};
    check_observers(s);
  }

  std::mt19937_64 rng_;
  long next_id_ = 0;
  std::array<task, kSlots> slots_{};
  std::array<slot_model, kSlots> model_{};
  std::array<source, kSources> sources_{};
  std::array<source_model, kSources> srcm_{};
  std::vector<pending_await> awaits_;
  std::vector<shared_expect> shared_;
};
// NOLINTEND(valuetask-stored-task)

TEST(ApiDriver, RandomOrdersKeepTheInvariants) {
  constexpr std::uint64_t kSeeds = 200;
  constexpr std::uint64_t kSteps = VALUETASK_STRESS_OPERATIONS / 4 / kSeeds;
  std::uint64_t misuses = 0, checked = 0;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    {
      driver d(seed);
      for (std::uint64_t i = 0; i < kSteps; ++i) {
        d.step();
        if (::testing::Test::HasFatalFailure()) {
          FAIL() << "seed " << seed << ", step " << i;
        }
      }
      d.finish();
      ASSERT_FALSE(::testing::Test::HasFatalFailure()) << "seed " << seed << " at the end";
      misuses += d.misuses;
      checked += d.steps_checked;
    }
    ASSERT_EQ(payload::live, 0) << "seed " << seed << ": payloads leaked";
  }
  // The driver must actually exercise misuse and success paths.
  EXPECT_GT(misuses, kSeeds);
  EXPECT_GT(checked, kSeeds * kSteps / 2);
}

// Two awaiters for one source operation: the second is reported.
TEST(ApiDriver, SecondAwaiterOfOneOperationIsReported) {
  source src;
  record first, second;
  auto a = await_into(src.task(), first);
  auto b = await_into(task(src, src.version()), second);
  ASSERT_TRUE(second.done);
  ASSERT_TRUE(second.misused.has_value());
  EXPECT_EQ(static_cast<int>(*second.misused), static_cast<int>(misuse::second_awaiter));
  src.set_result(payload(7));
  ASSERT_TRUE(first.done);
  ASSERT_TRUE(first.value.has_value());
  EXPECT_EQ(*first.value, 7);
  (void)std::move(a).result();
  (void)std::move(b).result();
}

}  // namespace
