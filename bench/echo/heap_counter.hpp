// Every heap allocation of the process, counted: the malloc family is
// interposed (malloc, calloc, realloc, aligned_alloc, posix_memalign,
// memalign, valloc, pvalloc), so operator new (which calls malloc) and Asio's
// recycling allocator (which calls aligned_alloc) are both seen.
//
// Not available under a sanitizer, whose runtime owns the malloc family:
// heap_counter::available() is false there and the count stays 0.
#pragma once

#include <cstdint>

namespace heap_counter {

[[nodiscard]] bool available() noexcept;

// Allocations on every thread since the program started.
[[nodiscard]] std::uint64_t allocations() noexcept;

}  // namespace heap_counter
