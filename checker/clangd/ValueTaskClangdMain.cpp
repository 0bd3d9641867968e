//===--- ValueTaskClangdMain.cpp - clangd with the valuetask module -------===//
//
// valuetask-clangd is Debian's clangd (libclangdMain.a) plus the valuetask
// clang-tidy module. This file is its main(): it makes sure the module is
// linked, tells it how clangd traverses the AST, gives clangd a resource
// directory it can find, and hands over.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace clang {
namespace clangd {
// Defined in libclangdMain.a (clang-tools-extra/clangd/tool/ClangdMain.cpp);
// Debian ships no header for it.
int clangdMain(int argc, char *argv[]);
} // namespace clangd

namespace tidy {
// The module registers itself from a static initialiser; referencing its
// anchor keeps the linker from dropping it, whatever way the checks are linked.
extern volatile int ValueTaskModuleAnchorSource;
static int ValueTaskModuleAnchorDestination [[maybe_unused]] =
    ValueTaskModuleAnchorSource;
extern bool ValueTaskTraversesTopLevelDeclarations;
} // namespace tidy
} // namespace clang

namespace {

bool mentionsResourceDir(llvm::StringRef Arg) {
  return Arg.contains("resource-dir");
}

// Whether the user already chose a resource directory, on the command line
// or in CLANGD_FLAGS (which clangd parses too: giving it twice is an error).
bool userChoseResourceDir(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I)
    if (mentionsResourceDir(Argv[I]))
      return true;
  const char *Env = std::getenv("CLANGD_FLAGS");
  return Env && mentionsResourceDir(Env);
}

// clangd looks for <dir of its executable>/../lib/clang/<major>, as clang
// does. That holds when the binary is installed into the LLVM tree
// (/usr/lib/llvm-N/bin); from a build tree or another prefix it does not.
bool resourceDirNextToExecutable() {
  static int Dummy;
  std::string Exe = llvm::sys::fs::getMainExecutable("valuetask-clangd", &Dummy);
  if (Exe.empty())
    return false;
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(Exe));
  llvm::sys::path::append(Dir, "..", "lib", "clang");
  llvm::sys::path::append(Dir, std::to_string(VALUETASK_CLANG_MAJOR), "include",
                          "stddef.h");
  return llvm::sys::fs::exists(Dir);
}

} // namespace

int main(int argc, char *argv[]) {
  // Before clangd starts its threads, which read it.
  clang::tidy::ValueTaskTraversesTopLevelDeclarations = true;

  // Tell it apart from the stock clangd it wraps, whose version follows.
  for (int I = 1; I < argc; ++I)
    if (std::strcmp(argv[I], "--version") == 0 ||
        std::strcmp(argv[I], "-version") == 0) {
      std::printf("valuetask-clangd %s: clangd with the valuetask clang-tidy "
                  "module (valuetask-*), LLVM %d\n",
                  VALUETASK_VERSION, VALUETASK_CLANG_MAJOR);
      std::fflush(stdout);
    }

  if (userChoseResourceDir(argc, argv) || resourceDirNextToExecutable())
    return clang::clangd::clangdMain(argc, argv);

  // Otherwise use the resource directory of the LLVM we were built against,
  // so neither a build-tree binary nor an installed one needs flags.
  static char ResourceDirFlag[] = "--resource-dir=" VALUETASK_CLANG_RESOURCE_DIR;
  std::vector<char *> Args(argv, argv + argc);
  Args.insert(Args.begin() + 1, ResourceDirFlag);
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
