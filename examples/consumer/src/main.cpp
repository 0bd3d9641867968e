#include <cstdio>

#include "prices.hpp"

int main() {
  int total = valuetask::sync_wait(total_of(1, 2));
  std::printf("total: %d\n", total);
  return total == 30 ? 0 : 1;
}
