//===- MultipleConsumersCheck.h - valuetask-multiple-consumers --*- C++ -*-===//
#ifndef VALUETASK_CHECKER_CHECKS_MULTIPLECONSUMERSCHECK_H
#define VALUETASK_CHECKER_CHECKS_MULTIPLECONSUMERSCHECK_H

#include "RepeatedConsumptionCheck.h"

namespace valuetask {

/// Flags a task object that reaches a second consumer on some path when at
/// least one of the two is not a co_await: moved into another object, passed
/// on by value, `&&` or non-const `&`, preserve(), result(), when_all, or a
/// lambda capture that consumes it. (Two co_awaits: valuetask-double-await.)
///
/// For the user-facing documentation see docs/checks/multiple-consumers.md.
class MultipleConsumersCheck : public RepeatedConsumptionCheck {
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
