//===- UnconsumedOnPathCheck.h - valuetask-unconsumed-on-path ---*- C++ -*-===//
#ifndef VALUETASK_CHECKER_CHECKS_UNCONSUMEDONPATHCHECK_H
#define VALUETASK_CHECKER_CHECKS_UNCONSUMEDONPATHCHECK_H

#include "FlowCheck.h"

namespace valuetask {

/// Flags a named task that some path out of its scope consumes and another
/// path carries to the end of its scope unconsumed (an early return,
/// co_return, throw or break that forgets a started operation). Off by
/// default: asked for by its full name.
///
/// For the user-facing documentation see docs/checks/unconsumed-on-path.md.
class UnconsumedOnPathCheck : public FlowCheck {
public:
  explicit UnconsumedOnPathCheck(const OptionReader &Options)
      : FlowCheck(Options) {}
  std::vector<std::pair<std::string, std::string>> options() const override {
    return {{"ValueTaskTypes", TaskTypeNames.Raw}};
  }

private:
  void checkFunction(const clang::FunctionDecl &Function,
                     clang::ASTContext &Ctx, DiagnosticSink &Sink) override;
};

} // namespace valuetask

#endif
