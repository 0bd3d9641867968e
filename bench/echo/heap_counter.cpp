// See heap_counter.hpp. glibc exports its allocator under __libc_* names;
// the definitions below take precedence over libc's malloc for every object
// of the program and every shared library it loads.
#include "heap_counter.hpp"

#include <atomic>
#include <cerrno>
#include <cstddef>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#  define HEAP_COUNTER_DISABLED 1
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#    define HEAP_COUNTER_DISABLED 1
#  endif
#endif

#ifdef HEAP_COUNTER_DISABLED

bool heap_counter::available() noexcept { return false; }
std::uint64_t heap_counter::allocations() noexcept { return 0; }

#else

namespace {
std::atomic<std::uint64_t> counted{0};
void count() noexcept { counted.fetch_add(1, std::memory_order_relaxed); }
}  // namespace

bool heap_counter::available() noexcept { return true; }
std::uint64_t heap_counter::allocations() noexcept { return counted.load(std::memory_order_relaxed); }

extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void* pointer);

void* malloc(std::size_t size) {
  count();
  return __libc_malloc(size);
}
void* calloc(std::size_t count_of, std::size_t size) {
  count();
  return __libc_calloc(count_of, size);
}
void* realloc(void* pointer, std::size_t size) {
  count();
  return __libc_realloc(pointer, size);
}
void free(void* pointer) { __libc_free(pointer); }
void* aligned_alloc(std::size_t alignment, std::size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
void* memalign(std::size_t alignment, std::size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
  count();
  void* const pointer = __libc_memalign(alignment, size);
  if (pointer == nullptr) return ENOMEM;
  *out = pointer;
  return 0;
}
void* valloc(std::size_t size) {
  count();
  return __libc_memalign(4096, size);
}
void* pvalloc(std::size_t size) {
  count();
  return __libc_memalign(4096, (size + 4095) / 4096 * 4096);
}
}

#endif
