//===- DoubleAwaitCheck.cpp - valuetask-double-await ----------------------===//

#include "DoubleAwaitCheck.h"

namespace clang::tidy::valuetask {

bool DoubleAwaitCheck::reports(const RepeatedConsumption &R,
                               llvm::ArrayRef<Consumption> All) const {
  return R.isDoubleAwait(All);
}

DiagnosticBuilder DoubleAwaitCheck::warn(const Consumption &C,
                                         SourceLocation Loc) {
  return diag(Loc, "task '%0' is awaited more than once; await it once, or "
                   "call preserve() to share its result")
         << C.Name;
}

} // namespace clang::tidy::valuetask
