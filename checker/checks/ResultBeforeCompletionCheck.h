//===- ResultBeforeCompletionCheck.h - valuetask-result-before-completion -===//
#ifndef VALUETASK_CHECKER_CHECKS_RESULTBEFORECOMPLETIONCHECK_H
#define VALUETASK_CHECKER_CHECKS_RESULTBEFORECOMPLETIONCHECK_H

#include "FlowCheck.h"

namespace valuetask {

/// Flags `std::move(t).result()` (or another configured result function) on
/// a path where `t` is not known to be complete: no completion test guards
/// it and the task was not made ready where the analysis can see it.
///
/// For the user-facing documentation see
/// docs/checks/result-before-completion.md.
class ResultBeforeCompletionCheck : public FlowCheck {
public:
  explicit ResultBeforeCompletionCheck(const OptionReader &Options);
  std::vector<std::pair<std::string, std::string>> options() const override;

private:
  void checkFunction(const clang::FunctionDecl &Function,
                     clang::ASTContext &Ctx, DiagnosticSink &Sink) override;

  const std::string RawResultFunctions;
  const std::vector<std::string> ResultFunctions;
};

} // namespace valuetask

#endif
