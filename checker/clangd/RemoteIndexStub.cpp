//===--- RemoteIndexStub.cpp - remote index without gRPC ------------------===//
//
// Debian's libclangdRemoteIndex.a is the gRPC client, and linking it means
// linking gRPC, protobuf and abseil. valuetask-clangd replaces it with this
// definition, which is what clangd itself does when built without remote-index
// support: no client, and clangd carries on with its local index.
//
// Declared in clang-tools-extra/clangd/index/remote/Client.h (same in LLVM 19
// and 22), which Debian does not ship.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

// The declaration is
//   std::unique_ptr<clangd::SymbolIndex> getClient(llvm::StringRef Address,
//                                                  llvm::StringRef IndexRoot);
// and SymbolIndex is a class of clangd's headers. Returning a unique_ptr of an
// incomplete class is ill-formed (the return statement may destroy it), which
// GCC enforces; so the definition below returns a type laid out and passed as
// that unique_ptr is under the Itanium C++ ABI (one pointer, a non-trivial
// destructor, so returned through the caller's memory), under clangd's
// symbol name. It only ever returns the null pointer.
namespace valuetask_clangd {
struct NoRemoteIndex {
  void *Index = nullptr;
  ~NoRemoteIndex() {}
};
} // namespace valuetask_clangd

valuetask_clangd::NoRemoteIndex
remoteIndexClient(llvm::StringRef Address, llvm::StringRef IndexRoot) asm(
    "_ZN5clang6clangd6remote9getClientEN4llvm9StringRefES3_");

valuetask_clangd::NoRemoteIndex remoteIndexClient(llvm::StringRef Address,
                                                  llvm::StringRef IndexRoot) {
  llvm::errs() << "valuetask-clangd: no remote index support; ignoring the "
                  "remote index at '"
               << Address << "' for '" << IndexRoot << "'\n";
  return {};
}
