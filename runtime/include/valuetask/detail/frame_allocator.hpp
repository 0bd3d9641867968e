// Coroutine frames come from here: a thread-local cache of freed blocks in
// size classes, so a steady state of coroutine calls performs no malloc.
//
// A block freed on another thread than the one that allocated it simply joins
// the freeing thread's cache (blocks carry no owner), so cross-thread frees
// need no synchronisation beyond the one that handed the frame over. Each
// class keeps at most `max_cached_bytes_per_class` bytes of blocks (more small
// blocks than large ones, so a deep chain of small frames stays cached), which
// bounds the memory a producer/consumer pair of threads can strand in one
// cache: 32 classes x 256 KiB.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_ASAN
#  include <sanitizer/asan_interface.h>
#endif

namespace valuetask::detail::frame_allocator {

inline constexpr std::size_t granularity = 64;
inline constexpr std::size_t class_count = 32;  // blocks of 64, 128, ..., 2048 bytes
inline constexpr std::size_t max_cached_bytes_per_class = 256 * 1024;

struct free_block {
  free_block* next;
};

// Trivially destructible on purpose: it stays usable while the thread's other
// thread_locals are destroyed (a frame may be freed from one of them).
struct thread_cache {
  free_block* heads[class_count];
  std::uint16_t lengths[class_count];
  bool drain_registered;
  bool drained;  // the thread is exiting: bypass the cache from now on
};

inline constinit thread_local thread_cache cache{};

inline void poison(void* block, std::size_t size) noexcept {
#ifdef VALUETASK_ASAN
  ASAN_POISON_MEMORY_REGION(block, size);
#else
  (void)block, (void)size;
#endif
}

inline void unpoison(void* block, std::size_t size) noexcept {
#ifdef VALUETASK_ASAN
  ASAN_UNPOISON_MEMORY_REGION(block, size);
#else
  (void)block, (void)size;
#endif
}

// Returns the thread's cached blocks to the heap when the thread exits.
struct cache_drainer {
  cache_drainer() = default;
  cache_drainer(const cache_drainer&) = delete;
  cache_drainer& operator=(const cache_drainer&) = delete;
  ~cache_drainer() {
    for (std::size_t size_class = 0; size_class < class_count; ++size_class) {
      const std::size_t block_size = (size_class + 1) * granularity;
      while (free_block* block = cache.heads[size_class]) {
        unpoison(block, block_size);
        cache.heads[size_class] = block->next;
        ::operator delete(block, block_size);
      }
      cache.lengths[size_class] = 0;
    }
    cache.drained = true;
  }
};

inline void register_drain() {
  static thread_local cache_drainer drainer;  // constructed (and its exit hook set) once per thread
  static_cast<void>(drainer);
  cache.drain_registered = true;
}

[[nodiscard]] constexpr std::size_t size_class_of(std::size_t size) noexcept {
  return (size + granularity - 1) / granularity - 1;
}

[[nodiscard]] constexpr bool is_cached_size(std::size_t size) noexcept {
  return size != 0 && size_class_of(size) < class_count;
}

[[nodiscard]] inline void* allocate(std::size_t size) {
  if (!is_cached_size(size)) return ::operator new(size);
  const std::size_t size_class = size_class_of(size);
  const std::size_t block_size = (size_class + 1) * granularity;
  if (free_block* block = cache.heads[size_class]) {
    unpoison(block, block_size);
    cache.heads[size_class] = block->next;
    --cache.lengths[size_class];
    return block;
  }
  return ::operator new(block_size);
}

// `size` is the size given to allocate(): the compiler passes the frame size
// to a sized promise operator delete.
inline void deallocate(void* pointer, std::size_t size) noexcept {
  if (!is_cached_size(size)) {
    ::operator delete(pointer, size);
    return;
  }
  const std::size_t size_class = size_class_of(size);
  const std::size_t block_size = (size_class + 1) * granularity;
  if (cache.drained || cache.lengths[size_class] >= max_cached_bytes_per_class / block_size) {
    ::operator delete(pointer, block_size);
    return;
  }
  if (!cache.drain_registered) register_drain();
  auto* block = static_cast<free_block*>(pointer);
  block->next = cache.heads[size_class];
  cache.heads[size_class] = block;
  ++cache.lengths[size_class];
  poison(block, block_size);
}

}  // namespace valuetask::detail::frame_allocator
