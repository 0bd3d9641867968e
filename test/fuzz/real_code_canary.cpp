// The canary of real_code.py's Boost run: proves that ValueTaskTypes reaches
// the checks (a run over examples with no warning would otherwise prove
// nothing). Expected: the two warnings listed in real_code_expected.txt.
#include <boost/asio.hpp>
namespace asio = boost::asio;
asio::awaitable<int> compute();
asio::awaitable<void> twice() {
  auto a = compute();
  int x = co_await std::move(a);
  x += co_await std::move(a);
  (void)x;
}
struct holder { asio::awaitable<int> m; };
void store(holder& h) { h.m = compute(); }
