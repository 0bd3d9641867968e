//===- DoubleAwaitCheck.h - valuetask-double-await --------------*- C++ -*-===//
#ifndef VALUETASK_CHECKER_CHECKS_DOUBLEAWAITCHECK_H
#define VALUETASK_CHECKER_CHECKS_DOUBLEAWAITCHECK_H

#include "RepeatedConsumptionCheck.h"

namespace valuetask {

/// Flags a task object that is co_awaited again on some path after an
/// earlier co_await: in a sequence, around a loop, after a branch joins,
/// through a reference alias, or as a member reached through `this`.
///
/// For the user-facing documentation see docs/checks/double-await.md.
class DoubleAwaitCheck : public RepeatedConsumptionCheck {
public:
  using RepeatedConsumptionCheck::RepeatedConsumptionCheck;

private:
  bool reports(const RepeatedConsumption &R,
               llvm::ArrayRef<Consumption> All) const override;
  void warn(DiagnosticSink &Sink, const Consumption &C,
            clang::SourceLocation Loc, bool CanPreserve) const override;
};

} // namespace valuetask

#endif
