// One read of a result that may not be there yet.
#include "value_task.h"

using valuetask::value_task;

value_task<int> make();
int read_too_early() {
  auto t = make();
  return std::move(t).result();
}
