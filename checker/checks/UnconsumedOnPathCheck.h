//===- UnconsumedOnPathCheck.h - valuetask-unconsumed-on-path ---*- C++ -*-===//
#ifndef VALUETASK_CHECKER_CHECKS_UNCONSUMEDONPATHCHECK_H
#define VALUETASK_CHECKER_CHECKS_UNCONSUMEDONPATHCHECK_H

#include "Check.h"
#include "NameListOption.h"
#include <set>

namespace valuetask {

/// Flags a named task that some path out of its scope consumes and another
/// path carries to the end of its scope unconsumed (an early return,
/// co_return, throw or break that forgets a started operation). Off by
/// default: asked for by its full name.
///
/// For the user-facing documentation see docs/checks/unconsumed-on-path.md.
class UnconsumedOnPathCheck : public Check {
public:
  explicit UnconsumedOnPathCheck(const OptionReader &Options);
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
  const TaskTypes Tasks;
  const QualifiedNameList NonConsumingFunctions;
  std::set<std::pair<unsigned, std::string>> Reported; // exit, task
};

} // namespace valuetask

#endif
