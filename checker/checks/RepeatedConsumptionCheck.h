//===- RepeatedConsumptionCheck.h - base of the two flow checks -*- C++ -*-===//
//
// valuetask-double-await and valuetask-multiple-consumers report the two
// halves of one result of the consumption analysis
// (analysis/ConsumptionAnalysis.h); this base runs it and writes the notes
// at the earlier consumptions.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_CHECKS_REPEATEDCONSUMPTIONCHECK_H
#define VALUETASK_CHECKER_CHECKS_REPEATEDCONSUMPTIONCHECK_H

#include "../analysis/ConsumptionAnalysis.h"
#include "FlowCheck.h"

namespace valuetask {

class RepeatedConsumptionCheck : public FlowCheck {
public:
  explicit RepeatedConsumptionCheck(const OptionReader &Options);
  std::vector<std::pair<std::string, std::string>> options() const override;

protected:
  /// Whether this check reports \p R.
  virtual bool reports(const RepeatedConsumption &R,
                       llvm::ArrayRef<Consumption> All) const = 0;
  /// The warning at the later consumption \p C; \p CanPreserve: its type
  /// has a preserve() member to share the result with.
  virtual void warn(DiagnosticSink &Sink, const Consumption &C,
                    clang::SourceLocation Loc, bool CanPreserve) const = 0;
  /// The function being reported on, for warn()'s fix-its.
  const clang::FunctionDecl *CurrentFunction = nullptr;
  clang::ASTContext *CurrentContext = nullptr;

private:
  void checkFunction(const clang::FunctionDecl &Function,
                     clang::ASTContext &Ctx, DiagnosticSink &Sink) override;

  const NameListOption NonConsumingFunctions;
};

} // namespace valuetask

#endif
