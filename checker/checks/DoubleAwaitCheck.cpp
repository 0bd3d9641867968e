//===- DoubleAwaitCheck.cpp - valuetask-double-await ----------------------===//

#include "DoubleAwaitCheck.h"
#include "PreserveFix.h"
#include "clang/AST/Expr.h"

namespace valuetask {

bool DoubleAwaitCheck::reports(const RepeatedConsumption &R,
                               llvm::ArrayRef<Consumption> All) const {
  return R.isDoubleAwait(All);
}

void DoubleAwaitCheck::warn(DiagnosticSink &Sink, const Consumption &C,
                            clang::SourceLocation Loc,
                            bool CanPreserve) const {
  auto Warning =
      Sink.diag(Loc, "task '%0' is awaited more than once; await it once%select{ "
                     "and reuse its result|, or call preserve() to share its "
                     "result}1");
  Warning << C.Name << CanPreserve;
  // The fix rewrites every await of the task: offer it at its first warning.
  const auto *Ref = dyn_cast<clang::DeclRefExpr>(C.Use->IgnoreParenImpCasts());
  if (CanPreserve && Ref && CurrentFunction && CurrentContext &&
      SharedVariables.insert(Ref->getDecl()).second)
    for (const clang::FixItHint &Fix :
         preserveFix(*C.Use, *CurrentFunction, *CurrentContext))
      Warning << Fix;
}

void DoubleAwaitCheck::onStartOfTranslationUnit() {
  FlowCheck::onStartOfTranslationUnit();
  SharedVariables.clear();
}

} // namespace valuetask
