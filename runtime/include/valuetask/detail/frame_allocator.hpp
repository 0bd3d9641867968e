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
//
// Every block is aligned to `block_alignment` (a cache line): neither g++ 12
// nor clang 19/22 pass a frame's alignment to the promise's operator new, and
// clang lays a frame out as if its start were aligned for its most aligned
// member, so a frame holding an over-aligned T or an `alignas(64)` local needs
// an aligned block. Requests for more than that (alignof 128 and up) bypass
// the cache and go to the aligned global operator new.
#pragma once

#include "valuetask/detail/config.hpp"

#ifdef VALUETASK_SUPPORTED_LANGUAGE

#include <cstddef>
#include <cstdint>
#include <new>

#ifdef VALUETASK_ASAN
#  include <sanitizer/asan_interface.h>
#endif

namespace valuetask::detail::frame_allocator {

inline constexpr std::size_t granularity = 64;
inline constexpr std::size_t block_alignment = 64;
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
        ::operator delete(block, block_size, std::align_val_t{block_alignment});
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

// A block of at least `size` bytes aligned to at least `alignment`.
[[nodiscard]] inline void* allocate(std::size_t size, std::size_t alignment = block_alignment) {
  if (alignment > block_alignment) return ::operator new(size, std::align_val_t{alignment});
  if (!is_cached_size(size)) return ::operator new(size, std::align_val_t{block_alignment});
  const std::size_t size_class = size_class_of(size);
  const std::size_t block_size = (size_class + 1) * granularity;
  if (free_block* block = cache.heads[size_class]) {
    unpoison(block, block_size);
    cache.heads[size_class] = block->next;
    --cache.lengths[size_class];
    return block;
  }
  return ::operator new(block_size, std::align_val_t{block_alignment});
}

// `size` and `alignment` are those given to allocate(): the compiler passes
// the frame size to a sized promise operator delete.
inline void deallocate(void* pointer, std::size_t size,
                       std::size_t alignment = block_alignment) noexcept {
  if (alignment > block_alignment) {
    ::operator delete(pointer, size, std::align_val_t{alignment});
    return;
  }
  if (!is_cached_size(size)) {
    ::operator delete(pointer, size, std::align_val_t{block_alignment});
    return;
  }
  const std::size_t size_class = size_class_of(size);
  const std::size_t block_size = (size_class + 1) * granularity;
  if (cache.drained || cache.lengths[size_class] >= max_cached_bytes_per_class / block_size) {
    ::operator delete(pointer, block_size, std::align_val_t{block_alignment});
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

namespace valuetask::detail {

// Every promise of the runtime takes its frame from the recycling allocator,
// aligned for the promise (T may be over-aligned) and for the frame's locals.
// No std::align_val_t overloads: neither g++ 12 nor clang 19/22 pass the
// frame's alignment, and clang 19/22 then pick an aligned operator delete
// for an over-aligned promise but call it without the alignment argument.
template <class Promise>
struct frame_allocated {
  static constexpr std::size_t frame_alignment() noexcept {
    return alignof(Promise) > frame_allocator::block_alignment ? alignof(Promise)
                                                               : frame_allocator::block_alignment;
  }
  static void* operator new(std::size_t size) {
    return frame_allocator::allocate(size, frame_alignment());
  }
  static void operator delete(void* frame, std::size_t size) noexcept {
    frame_allocator::deallocate(frame, size, frame_alignment());
  }
};

}  // namespace valuetask::detail

#endif  // VALUETASK_SUPPORTED_LANGUAGE
