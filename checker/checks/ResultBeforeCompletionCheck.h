//===- ResultBeforeCompletionCheck.h - valuetask-result-before-completion -===//
#ifndef VALUETASK_CHECKER_CHECKS_RESULTBEFORECOMPLETIONCHECK_H
#define VALUETASK_CHECKER_CHECKS_RESULTBEFORECOMPLETIONCHECK_H

#include "Check.h"
#include "NameListOption.h"
#include "llvm/ADT/DenseSet.h"

namespace valuetask {

/// Flags `std::move(t).result()` (or another configured result function) on
/// a path where `t` is not known to be complete: no completion test guards
/// it and the task was not made ready where the analysis can see it.
///
/// For the user-facing documentation see
/// docs/checks/result-before-completion.md.
class ResultBeforeCompletionCheck : public Check {
public:
  explicit ResultBeforeCompletionCheck(const OptionReader &Options);
  void registerMatchers(
      clang::ast_matchers::MatchFinder &Finder,
      clang::ast_matchers::MatchFinder::MatchCallback &Callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result,
             DiagnosticSink &Sink) override;
  std::vector<std::pair<std::string, std::string>> options() const override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

private:
  const NameListOption TaskTypeNames;
  const std::string RawResultFunctions;
  const std::vector<std::string> ResultFunctions;
  const TaskTypes Tasks;
  const QualifiedNameList NonConsumingFunctions;
  // A template instantiated twice yields the same read twice.
  llvm::DenseSet<unsigned> ReportedLocations;
};

} // namespace valuetask

#endif
