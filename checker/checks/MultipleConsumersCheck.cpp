//===- MultipleConsumersCheck.cpp - valuetask-multiple-consumers ----------===//

#include "MultipleConsumersCheck.h"

namespace valuetask {

bool MultipleConsumersCheck::reports(const RepeatedConsumption &R,
                                     llvm::ArrayRef<Consumption> All) const {
  return !R.isDoubleAwait(All);
}

void MultipleConsumersCheck::warn(DiagnosticSink &Sink, const Consumption &C,
                                  clang::SourceLocation Loc) const {
  Sink.diag(Loc, "task '%0' is %1 after it was already consumed; consume "
                 "it once, or call preserve() to share its result")
      << C.Name << C.Event;
}

} // namespace valuetask
