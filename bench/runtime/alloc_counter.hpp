// Heap allocations counted by a replaced global operator new (alloc_counter.cpp).
//
// The counter is thread-local: every benchmark runs its operations on the
// benchmark thread, and a plain increment keeps the cost of counting out of the
// figures of the allocating peers.
#pragma once

#include <cstdint>

namespace bench {

// Allocations made on this thread since it started.
std::uint64_t allocations() noexcept;

}  // namespace bench
