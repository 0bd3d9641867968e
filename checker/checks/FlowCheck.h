//===- FlowCheck.h - what the flow checks share -----------------*- C++ -*-===//
//
// The checks that run a flow analysis over each function body
// (valuetask-double-await, -multiple-consumers, -result-before-completion,
// -unconsumed-on-path) share each function's events (its CFG and what each
// element does to the tasks: built once, whichever of them asks first), the
// once-per-translation-unit reporting of a location (a template
// instantiated twice yields each finding twice) and the words for what a
// consumption did.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_CHECKS_FLOWCHECK_H
#define VALUETASK_CHECKER_CHECKS_FLOWCHECK_H

#include "../analysis/Transfer.h"
#include "TaskCheck.h"
#include <set>

namespace valuetask {

class FlowCheck : public TaskCheck {
public:
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

protected:
  explicit FlowCheck(const OptionReader &Options)
      : TaskCheck(Options, FunctionDefinitions) {}
  /// The events of \p Function, with \p NonConsumingFunctions observing
  /// the tasks passed to them; null for a function without any.
  const FunctionEvents *
  eventsOf(const clang::FunctionDecl &Function, clang::ASTContext &Ctx,
           const QualifiedNameList &NonConsumingFunctions) const;
  /// True the first time this translation unit reports \p What at \p Loc.
  bool firstReport(clang::SourceLocation Loc, llvm::StringRef What = "");

  /// A %select over what a consumption did, on argument \p Kind, with the
  /// receiver's name as argument \p Kind + 1.
  static std::string kindSelect(unsigned Kind);
  /// Streams what \p C did as the two arguments of kindSelect().
  static void describe(clang::DiagnosticBuilder &D, const Consumption &C);

private:
  std::set<std::pair<unsigned, std::string>> Reported;
};

/// The list `::std::swap`: what the flow checks treat as not consuming by
/// default (swapping exchanges two live tasks).
const QualifiedNameList &defaultNonConsumingFunctions();
inline constexpr llvm::StringLiteral DefaultNonConsumingFunctions = "::std::swap";

} // namespace valuetask

#endif
