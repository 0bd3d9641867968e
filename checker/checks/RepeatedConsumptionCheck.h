//===- RepeatedConsumptionCheck.h - base of the two flow checks -*- C++ -*-===//
//
// valuetask-double-await and valuetask-multiple-consumers report the two
// halves of one result of the consumption analysis
// (analysis/ConsumptionAnalysis.h); this base holds what they share: the
// options, the matcher, the per-translation-unit bookkeeping and the notes
// at the earlier consumptions.
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
  void onStartOfTranslationUnit() override { ReportedLocations.clear(); }
  void onEndOfTranslationUnit() override { ReportedLocations.clear(); }

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

  /// Streams what \p C did as the two arguments of kindSelect: the kind's
  /// index, then the receiver's name.
  static void describe(clang::DiagnosticBuilder &D, const Consumption &C);
  /// A %select over what a consumption did, on argument \p Kind, with the
  /// receiver's name as argument \p Kind + 1.
  static std::string kindSelect(unsigned Kind);

private:
  const NameListOption TaskTypeNames;
  const NameListOption NonConsumingFunctions;
  const TaskTypes Tasks;
  // A template instantiated twice yields the same event twice.
  llvm::DenseSet<unsigned> ReportedLocations;
};

} // namespace valuetask

#endif
