//===--- FastChecks.cpp - valuetask-* checks count as fast in clangd ------===//
//
// clangd runs only the clang-tidy checks it has measured as fast
// (FastCheckFilter, default Strict); it asks clang::clangd::isFastTidyCheck()
// (TidyProvider.cpp, a table generated from clangd's own measurements) and
// drops every check the table does not know, so without this every
// valuetask-* check would need 'FastCheckFilter: Loose' in each project.
//
// clangd has no extension point for that table, and Debian ships no clangd
// headers. valuetask-clangd links clangd statically, so the linker redirects
// clangd's calls (-Wl,--wrap=<mangled isFastTidyCheck>, see CMakeLists.txt) to
// the function below: valuetask-* checks are fast (docs/benchmarks.md has
// their profile), everything else gets clangd's own answer, so the filter
// stays in force for every other check, in-tree or out-of-tree.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"

#include <optional>

// clangd's original, renamed __real_<symbol> by --wrap. Same declaration as
// in clangd's TidyProvider.h (LLVM 19 and 22).
std::optional<bool> clangdIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");

// What clangd's callers reach instead (__wrap_<symbol>).
std::optional<bool> valuetaskIsFastTidyCheck(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");

std::optional<bool> valuetaskIsFastTidyCheck(llvm::StringRef Check) {
  if (Check.starts_with("valuetask-"))
    return true;
  return clangdIsFastTidyCheck(Check);
}
