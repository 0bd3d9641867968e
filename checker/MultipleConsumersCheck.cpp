//===- MultipleConsumersCheck.cpp - valuetask-multiple-consumers ----------===//

#include "MultipleConsumersCheck.h"

namespace clang::tidy::valuetask {

bool MultipleConsumersCheck::reports(const RepeatedConsumption &R,
                                     llvm::ArrayRef<Consumption> All) const {
  return !R.isDoubleAwait(All);
}

DiagnosticBuilder MultipleConsumersCheck::warn(const Consumption &C,
                                               SourceLocation Loc) {
  return diag(Loc, "task '%0' is %1 after it was already consumed; consume "
                   "it once, or call preserve() to share its result")
         << C.Name << C.Event;
}

} // namespace clang::tidy::valuetask
