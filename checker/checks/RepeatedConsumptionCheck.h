//===- RepeatedConsumptionCheck.h - base of the two flow checks -*- C++ -*-===//
//
// valuetask-double-await and valuetask-multiple-consumers report the two
// halves of one result of the consumption analysis; this base holds what
// they share: the options, the matcher, the per-translation-unit bookkeeping
// and the notes at the earlier consumptions.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_CHECKS_REPEATEDCONSUMPTIONCHECK_H
#define VALUETASK_CHECKER_CHECKS_REPEATEDCONSUMPTIONCHECK_H

#include "../analysis/ConsumptionAnalysis.h"
#include "Check.h"
#include "NameListOption.h"
#include "llvm/ADT/DenseSet.h"

namespace valuetask {

class RepeatedConsumptionCheck : public Check {
public:
  explicit RepeatedConsumptionCheck(const OptionReader &Options);
  void registerMatchers(
      clang::ast_matchers::MatchFinder &Finder,
      clang::ast_matchers::MatchFinder::MatchCallback &Callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result,
             DiagnosticSink &Sink) override;
  std::vector<std::pair<std::string, std::string>> options() const override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

protected:
  /// Whether this check reports \p R.
  virtual bool reports(const RepeatedConsumption &R,
                       llvm::ArrayRef<Consumption> All) const = 0;
  /// The warning at the later consumption \p C.
  virtual void warn(DiagnosticSink &Sink, const Consumption &C,
                    clang::SourceLocation Loc) const = 0;
  /// The function being reported on, for warn()'s fix-its.
  const clang::FunctionDecl *CurrentFunction = nullptr;
  clang::ASTContext *CurrentContext = nullptr;

private:
  const NameListOption TaskTypeNames;
  const NameListOption NonConsumingFunctions;
  const TaskTypes Tasks;
  // A template instantiated twice yields the same event twice.
  llvm::DenseSet<unsigned> ReportedLocations;
};

} // namespace valuetask

#endif
