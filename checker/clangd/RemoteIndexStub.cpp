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

#include <memory>

namespace clang {
namespace clangd {
class SymbolIndex;
namespace remote {

std::unique_ptr<clangd::SymbolIndex> getClient(llvm::StringRef Address,
                                               llvm::StringRef IndexRoot) {
  llvm::errs() << "valuetask-clangd: no remote index support; ignoring the "
                  "remote index at '"
               << Address << "' for '" << IndexRoot << "'\n";
  return nullptr;
}

} // namespace remote
} // namespace clangd
} // namespace clang
