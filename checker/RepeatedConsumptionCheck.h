//===- RepeatedConsumptionCheck.h - base of the two flow checks -*- C++ -*-===//
//
// valuetask-double-await and valuetask-multiple-consumers report the two
// halves of one result of ConsumptionAnalysis; this base holds what they
// share: the options, the matcher, the per-translation-unit bookkeeping and
// the notes at the earlier consumptions.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_REPEATEDCONSUMPTIONCHECK_H
#define VALUETASK_CHECKER_REPEATEDCONSUMPTIONCHECK_H

#include "ConsumptionAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::valuetask {

class RepeatedConsumptionCheck : public ClangTidyCheck {
public:
  RepeatedConsumptionCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

protected:
  /// Whether this check reports \p R.
  virtual bool reports(const RepeatedConsumption &R,
                       llvm::ArrayRef<Consumption> All) const = 0;
  /// The warning at the later consumption \p C.
  virtual DiagnosticBuilder warn(const Consumption &C, SourceLocation Loc) = 0;

private:
  const std::string RawTaskTypes;
  const std::string RawNonConsumingFunctions;
  const TaskTypes Tasks;
  const QualifiedNameList NonConsumingFunctions;
  // A template instantiated twice yields the same event twice.
  llvm::DenseSet<unsigned> ReportedLocations;
};

} // namespace clang::tidy::valuetask

#endif
