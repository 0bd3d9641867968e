//===- DoubleAwaitCheck.cpp - valuetask-double-await ----------------------===//

#include "DoubleAwaitCheck.h"

namespace valuetask {

bool DoubleAwaitCheck::reports(const RepeatedConsumption &R,
                               llvm::ArrayRef<Consumption> All) const {
  return R.isDoubleAwait(All);
}

void DoubleAwaitCheck::warn(DiagnosticSink &Sink, const Consumption &C,
                            clang::SourceLocation Loc,
                              bool CanPreserve) const {
  Sink.diag(Loc, "task '%0' is awaited more than once; await it once%select{|, "
                 "or call preserve() to share its result}1")
      << C.Name << CanPreserve;
}

} // namespace valuetask
