//===- ValueTaskTidyModule.cpp - the valuetask clang-tidy module ----------===//

#include "DoubleAwaitCheck.h"
#include "MultipleConsumersCheck.h"
#include "StoredTaskCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "llvm/Config/llvm-config.h"
#if LLVM_VERSION_MAJOR < 22 // LLVM 22 moved the registry into ClangTidyModule.h
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy::valuetask {

class ValueTaskModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<DoubleAwaitCheck>("valuetask-double-await");
    Factories.registerCheck<MultipleConsumersCheck>(
        "valuetask-multiple-consumers");
    Factories.registerCheck<StoredTaskCheck>("valuetask-stored-task");
  }
};

static ClangTidyModuleRegistry::Add<ValueTaskModule>
    X("valuetask-module", "Checks that each valuetask::value_task is "
                          "consumed exactly once.");

} // namespace clang::tidy::valuetask

namespace clang::tidy {
// Referenced by a binary that links the module statically (valuetask-clangd)
// so the linker keeps the registration above.
volatile int ValueTaskModuleAnchorSource = 0;
} // namespace clang::tidy
