//===- AllChecks.cpp - the list of valuetask checks -----------------------===//

#include "Check.h"
#include "DoubleAwaitCheck.h"
#include "MultipleConsumersCheck.h"
#include "ResultBeforeCompletionCheck.h"
#include "StoredTaskCheck.h"
#include "UnconsumedOnPathCheck.h"

namespace valuetask {

namespace {

template <typename CheckType>
std::unique_ptr<Check> make(const OptionReader &Options) {
  return std::make_unique<CheckType>(Options);
}

const CheckInfo Checks[] = {
    {"valuetask-double-await", true, make<DoubleAwaitCheck>},
    {"valuetask-multiple-consumers", true, make<MultipleConsumersCheck>},
    {"valuetask-stored-task", true, make<StoredTaskCheck>},
    {"valuetask-result-before-completion", true,
     make<ResultBeforeCompletionCheck>},
    // Opt-in: runs only when named in full, not under `valuetask-*`.
    {"valuetask-unconsumed-on-path", false, make<UnconsumedOnPathCheck>},
};

} // namespace

llvm::ArrayRef<CheckInfo> allChecks() { return Checks; }

} // namespace valuetask
