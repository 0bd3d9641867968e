//===- ConsumptionAnalysis.h - where tasks are consumed, and again -*- C++ -*-//
//
// One control-flow graph per function (a coroutine's body as written) and one
// forward "may already be consumed" dataflow over every tracked task object
// at once, run to a fixpoint. The result lists each consumption that some
// path reaches after an earlier one. It is computed once per function per
// translation unit and shared by the valuetask-* checks.
//
// Tracked objects: locals and parameters of a task type, references that
// alias them, and task members reached through `this`.
// Events: consume (co_await, moving it on, passing it to a consumer,
// preserve(), result(), a lambda capture that consumes it), re-initialise
// (a declaration or an assignment: the state resets), escape (address taken,
// a call that may change members: the state resets, we stop guessing) and
// observe (everything else, e.g. is_completed() or a `const&` parameter).
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_CONSUMPTIONANALYSIS_H
#define VALUETASK_CHECKER_CONSUMPTIONANALYSIS_H

#include "TaskTypes.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace valuetask {

/// What the analysis is configured with; checks sharing one configuration
/// share one result.
struct AnalysisOptions {
  const TaskTypes &Tasks;
  const QualifiedNameList &NonConsumingFunctions;
  std::string Key; // identifies the configuration in the cache
};

/// One place where a task object is consumed.
struct Consumption {
  const clang::Expr *Use;   // the reference to the task; diagnostics point here
  std::string Name;  // the object's name as written at the use
  std::string Event; // "awaited", "moved into 'u'", "passed to 'f'", ...
  bool IsAwait;
};

/// A consumption that some path reaches after earlier ones.
struct RepeatedConsumption {
  unsigned Later; // index into FunctionConsumptions::consumptions()
  struct EarlierConsumption {
    unsigned Index;
    bool InPreviousIteration; // reached it only around a loop
  };
  llvm::SmallVector<EarlierConsumption, 2> Earlier;

  /// Both this consumption and every earlier one are co_awaits.
  bool isDoubleAwait(llvm::ArrayRef<Consumption> All) const;
};

/// The result for one function.
struct FunctionConsumptions {
  std::vector<Consumption> Consumptions;
  std::vector<RepeatedConsumption> Repeated;
};

/// The analysis of \p FD, computed on the first request in this translation
/// unit and cached; null when the function is skipped (dependent, no body,
/// no tracked object, or no CFG could be built).
const FunctionConsumptions *analyzeFunction(const clang::FunctionDecl &FD,
                                            clang::ASTContext &Ctx,
                                            const AnalysisOptions &Options);

/// Drops every cached result: a translation unit starts or ends.
void forgetCachedAnalyses();

} // namespace valuetask

#endif
