//===- MultipleConsumersCheck.cpp - valuetask-multiple-consumers ----------===//

#include "MultipleConsumersCheck.h"

using namespace clang;

namespace valuetask {

bool MultipleConsumersCheck::reports(const RepeatedConsumption &R,
                                     llvm::ArrayRef<Consumption> All) const {
  return !R.isDoubleAwait(All);
}

void MultipleConsumersCheck::warn(DiagnosticSink &Sink, const Consumption &C,
                                  clang::SourceLocation Loc,
                              bool CanPreserve) const {
  DiagnosticBuilder D =
      Sink.diag(Loc, "task '%0' is " + kindSelect(1) +
                         " after it was already consumed; consume it "
                         "once%select{ and pass on its result|, or call "
                         "preserve() to share its result}3");
  D << C.Name;
  describe(D, C);
  D << CanPreserve;
}

} // namespace valuetask
