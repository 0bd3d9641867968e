//===- AllChecks.cpp - the list of valuetask checks -----------------------===//

#include "Check.h"
#include "DoubleAwaitCheck.h"
#include "MultipleConsumersCheck.h"
#include "StoredTaskCheck.h"

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
};

} // namespace

llvm::ArrayRef<CheckInfo> allChecks() { return Checks; }

} // namespace valuetask
