//===- UnconsumedOnPathCheck.cpp - valuetask-unconsumed-on-path -----------===//

#include "UnconsumedOnPathCheck.h"
#include "../analysis/TaskStateAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace valuetask {

void UnconsumedOnPathCheck::checkFunction(const FunctionDecl &Function,
                                          ASTContext &Ctx,
                                          DiagnosticSink &Sink) {
  const FunctionEvents *Events =
      eventsOf(Function, Ctx, defaultNonConsumingFunctions());
  if (!Events)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const DroppedTask &Drop : findDroppedTasks(*Events)) {
    SourceLocation Loc = SM.getFileLoc(Drop.Exit);
    if (!firstReport(Loc, Drop.Name))
      continue;
    Sink.diag(Loc, "task '%0' is dropped here without being consumed, though "
                   "another path consumes it; consume it on this path too, "
                   "or before the paths part")
        << Drop.Name;
    for (const Consumption &C : Drop.ConsumedAt) {
      DiagnosticBuilder D =
          Sink.diag(SM.getFileLoc(C.Use->getBeginLoc()),
                    "'%0' is " + kindSelect(1) + " here, on another path",
                    DiagnosticIDs::Note);
      D << C.Name;
      describe(D, C);
    }
  }
}

} // namespace valuetask
