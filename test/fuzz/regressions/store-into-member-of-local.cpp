// Found by vtfuzz: a member of a local aggregate is local storage, so
// writing a task into it is not a store.
// RUN: %tidy --checks='-*,valuetask-*' %s -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not='warning:' --allow-empty
#include <valuetask/value_task.hpp>
#include <optional>
#include <utility>

valuetask::value_task<int> make();
void take_value(valuetask::value_task<int> t);
void observe(const valuetask::value_task<int> &t);

struct holder {
  valuetask::value_task<int> m;
  std::optional<valuetask::value_task<int>> o;
};
struct duo {
  valuetask::value_task<int> a, b;
};
void members_of_locals() {
  holder h;
  h.o = make();
  h.m = make();
  duo d{make(), make()};
  d.a = make();
  std::pair<valuetask::value_task<int>, valuetask::value_task<int>> p{make(), make()};
  p.first = make();
}
