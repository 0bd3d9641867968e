//===- DoubleAwaitCheck.h - valuetask-double-await --------------*- C++ -*-===//
#ifndef VALUETASK_CHECKER_CHECKS_DOUBLEAWAITCHECK_H
#define VALUETASK_CHECKER_CHECKS_DOUBLEAWAITCHECK_H

#include "RepeatedConsumptionCheck.h"

namespace valuetask {

/// Flags a task object that is co_awaited again on some path after an
/// earlier co_await: in a sequence, around a loop, after a branch joins,
/// through a reference alias, or as a member reached through `this`.
///
/// Where the rewrite is mechanical and safe, the warning carries a fix-it
/// that shares the task with preserve() (see PreserveFix.h).
///
/// For the user-facing documentation see docs/checks/double-await.md.
class DoubleAwaitCheck : public RepeatedConsumptionCheck {
public:
  using RepeatedConsumptionCheck::RepeatedConsumptionCheck;
  void onStartOfTranslationUnit() override;

private:
  bool reports(const RepeatedConsumption &R,
               llvm::ArrayRef<Consumption> All) const override;
  void warn(DiagnosticSink &Sink, const Consumption &C,
            clang::SourceLocation Loc, bool CanPreserve) const override;
  // Tasks whose preserve() fix-it was offered (once, with all their awaits).
  mutable llvm::DenseSet<const clang::Decl *> SharedVariables;
};

} // namespace valuetask

#endif
