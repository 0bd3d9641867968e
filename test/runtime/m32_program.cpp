// The runtime on a 32-bit target (built with -m32 by m32_check.cmake): sizes,
// the ready and synchronous paths, sources, shared tasks and combinators.
#include <cstdio>
#include <utility>

#include <valuetask/value_task.hpp>

static_assert(sizeof(void*) == 4, "build this program with -m32");
static_assert(sizeof(valuetask::value_task<int>) <= 3 * sizeof(void*));

namespace {

int failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAILED: %s\n", what);
    ++failures;
  }
}

valuetask::value_task<int> relay(valuetask::value_task<int> inner) {
  co_return co_await std::move(inner) + 1;
}

}  // namespace

int main() {
  check(relay(valuetask::from_result(1)).result() == 2, "synchronous relay");
  valuetask::manual_reset_source<long long> wide;
  valuetask::value_task<long long> w = wide.task();
  wide.set_result(1LL << 40);
  check(std::move(w).result() == (1LL << 40), "64-bit result");
  valuetask::manual_reset_source<int> source;
  valuetask::value_task<int> chain = source.task();
  for (int i = 0; i < 1000; ++i) chain = relay(std::move(chain));
  const valuetask::shared_task<int> shared = std::move(chain).preserve();
  source.set_result(0);
  check(shared.result() == 1000, "pending chain, preserved");
  source.reset();
  check(!source.try_set_result(0, 1), "stale completion refused");
  auto [a, b] = valuetask::sync_wait(valuetask::when_all(relay(valuetask::from_result(1)),
                                                         valuetask::from_result(3)));
  check(a + b == 5, "when_all");
  std::printf("sizeof(value_task<int>) = %u on a 32-bit target\n",
              static_cast<unsigned>(sizeof(valuetask::value_task<int>)));
  return failures == 0 ? 0 : 1;
}
