//===- TaskStateAnalysis.h - completion and drop facts per path -*- C++ -*-===//
//
// Two forward dataflows over one function's CFG (a coroutine's body as
// written), over the places of the consumption analysis (Places.h).
//
// Both read the events of the consumption analysis' transfer function
// (Transfer.h); the first picks the calls of the result functions among
// the member calls.
//
// - "may be incomplete": for each place, the set of places in this function
//   where a task that may not have completed was put into it (or "unknown",
//   for parameters, members and escapes). A completion test refines it on
//   the CFG's branch edges (`t.is_completed()`, `is_completed_successfully()`,
//   `is_faulted()`, through `!`, `&&`, `||`, `==`/`!=` with a bool literal,
//   and through a bool local that holds the test and is not written in
//   between); a task made ready where the analysis sees it (a value
//   constructor, `from_result`, `from_exception`) is complete; a consumption
//   empties the set (reading it again is the consumption analysis' finding).
//   A result read with a non-empty set is reported.
//
// - "may be unconsumed": for each place, the tasks put into it that may not
//   have been consumed yet. A task that some path consumes and that another
//   path carries to the end of its scope (a return, co_return, throw, break,
//   or the closing brace) is reported there.
//
// Both are computed on request, per function; the results are plain structs.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_ANALYSIS_TASKSTATEANALYSIS_H
#define VALUETASK_CHECKER_ANALYSIS_TASKSTATEANALYSIS_H

#include "Transfer.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/SmallVector.h"
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CXXMemberCallExpr;
class Expr;
class FunctionDecl;
} // namespace clang

namespace valuetask {

/// Where a task that may still be pending was put into a place.
struct TaskOrigin {
  clang::SourceLocation Loc;
  enum KindT {
    Made,  // from a call or a constructor that does not make it ready
    Empty, // default-constructed: holds no task at all
  } Kind;
};

/// A result read on a path where the task may not be complete.
struct EarlyResultRead {
  const clang::Expr *Use;                 // the task as written at the read
  const clang::CXXMemberCallExpr *Call;   // `std::move(t).result()`
  std::string Name;                       // as written at the read
  std::string DeclaredName;               // of the object (not an alias)
  llvm::SmallVector<TaskOrigin, 2> Origins; // only those in this function
};

/// A task that reaches the end of its scope unconsumed on some path while
/// another path consumes it.
struct DroppedTask {
  clang::SourceLocation Exit; // the return, co_return, throw, break or brace
  std::string Name;
  /// The consumptions of this very task, on other paths.
  llvm::SmallVector<Consumption, 2> ConsumedAt;
};

/// The reads through \p ResultFunctions (member functions of a task that
/// read its result) that no completion fact guards.
std::vector<EarlyResultRead>
findEarlyResultReads(const FunctionEvents &Events,
                     llvm::ArrayRef<std::string> ResultFunctions);

/// Tasks consumed on some path and dropped on another.
std::vector<DroppedTask> findDroppedTasks(const FunctionEvents &Events);

} // namespace valuetask

#endif
