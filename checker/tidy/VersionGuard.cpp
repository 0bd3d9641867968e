//===- VersionGuard.cpp - refuse to run inside another LLVM major ---------===//
//
// A plugin built against LLVM N and loaded into clang-tidy-M or clang-M
// (M != N) shares no ABI with its host: depending on the pair it finds
// nothing without a word or crashes. Debian's clang-tidy-M and clang-M link
// libclang-cpp.so.M and libLLVM.so.M dynamically, so the host's major is
// readable from the loaded objects' names, without calling into LLVM. This
// runs as an ELF constructor with a priority, before the ordinary
// initialisers that register the module, and stops the process with an
// error naming both majors.
//
// In both plugins (valuetask-tidy.so, valuetask-clang-plugin.so), each
// naming itself and its host through VALUETASK_PLUGIN_FILE and
// VALUETASK_PLUGIN_HOST; valuetask-clangd links the module statically.
//
//===----------------------------------------------------------------------===//

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <link.h>
#include <unistd.h>

#ifndef VALUETASK_PLUGIN_LLVM_MAJOR
#error "VALUETASK_PLUGIN_LLVM_MAJOR must name the LLVM major this plugin is built for"
#endif
#ifndef VALUETASK_PLUGIN_FILE
#define VALUETASK_PLUGIN_FILE "valuetask-tidy.so"
#endif
#ifndef VALUETASK_PLUGIN_HOST // the host's name, and its command with "-N"
#define VALUETASK_PLUGIN_HOST "clang-tidy"
#endif

namespace {

/// The major N in a loaded ".../libclang-cpp.so.N[.x]" or ".../libLLVM.so.N[.x]"
/// (or Debian's older "libLLVM-N.so"), or 0.
int majorOfLibrary(const char *Path) {
  const char *Base = std::strrchr(Path, '/');
  Base = Base ? Base + 1 : Path;
  for (const char *Prefix : {"libclang-cpp.so.", "libLLVM.so.", "libLLVM-"}) {
    size_t Length = std::strlen(Prefix);
    if (std::strncmp(Base, Prefix, Length) == 0)
      return std::atoi(Base + Length);
  }
  return 0;
}

int hostMajorOf(struct dl_phdr_info *Info, size_t, void *Found) {
  int Major = Info->dlpi_name ? majorOfLibrary(Info->dlpi_name) : 0;
  if (Major > 0)
    *static_cast<int *>(Found) = Major;
  return Major > 0; // stop at the first one
}

__attribute__((constructor(101))) void refuseForeignHost() {
  int HostMajor = 0;
  dl_iterate_phdr(hostMajorOf, &HostMajor);
  if (HostMajor == 0 || HostMajor == VALUETASK_PLUGIN_LLVM_MAJOR)
    return; // a statically linked host: nothing to compare against
  std::fprintf(stderr,
               "error: " VALUETASK_PLUGIN_FILE " was built for LLVM %d, but "
               "this " VALUETASK_PLUGIN_HOST " is LLVM %d; use "
               VALUETASK_PLUGIN_HOST "-%d, or rebuild the plugin with "
               "-DCMAKE_PREFIX_PATH=/usr/lib/llvm-%d\n",
               VALUETASK_PLUGIN_LLVM_MAJOR, HostMajor,
               VALUETASK_PLUGIN_LLVM_MAJOR, HostMajor);
  std::fflush(stderr);
  _exit(1); // no static destructors of a half-loaded foreign plugin
}

} // namespace
