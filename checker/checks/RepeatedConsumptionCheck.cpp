//===- RepeatedConsumptionCheck.cpp - base of the two flow checks ---------===//

#include "RepeatedConsumptionCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace valuetask {

RepeatedConsumptionCheck::RepeatedConsumptionCheck(const OptionReader &Options)
    : FlowCheck(Options),
      NonConsumingFunctions(readNameListOption(Options,
                                               "NonConsumingFunctions",
                                               /*AlsoGlobal=*/false,
                                               DefaultNonConsumingFunctions)) {}

std::vector<std::pair<std::string, std::string>>
RepeatedConsumptionCheck::options() const {
  return {{"ValueTaskTypes", TaskTypeNames.Raw},
          {"NonConsumingFunctions", NonConsumingFunctions.Raw}};
}

void RepeatedConsumptionCheck::checkFunction(const FunctionDecl &Function,
                                             ASTContext &Ctx,
                                             DiagnosticSink &Sink) {
  const FunctionEvents *Events =
      eventsOf(Function, Ctx, NonConsumingFunctions.Names);
  if (!Events)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::ArrayRef<Consumption> All = Events->consumptions();
  CurrentFunction = &Function;
  CurrentContext = &Ctx;
  for (const RepeatedConsumption &R : findRepeatedConsumptions(*Events)) {
    if (!reports(R, All))
      continue;
    const Consumption &Later = All[R.Later];
    // Macros: the expansion site, in the user's file, where NOLINT works.
    SourceLocation Loc = SM.getFileLoc(Later.Use->getBeginLoc());
    if (!firstReport(Loc))
      continue;
    warn(Sink, Later, Loc,
         TaskTypes::canPreserve(Events->places()[Later.Place].Type));
    for (const auto &E : R.Earlier) {
      const Consumption &Earlier = All[E.Index];
      DiagnosticBuilder D = Sink.diag(
          SM.getFileLoc(Earlier.Use->getBeginLoc()),
          "'%0' was " + kindSelect(1) +
              " here%select{|, in a previous loop iteration}3",
          DiagnosticIDs::Note);
      D << Earlier.Name;
      describe(D, Earlier);
      D << E.InPreviousIteration;
    }
  }
}

} // namespace valuetask
