//===- RepeatedConsumptionCheck.cpp - base of the two flow checks ---------===//

#include "RepeatedConsumptionCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace valuetask {

namespace {

// Swapping exchanges two live tasks; neither is consumed.
constexpr llvm::StringLiteral DefaultNonConsumingFunctions = "::std::swap";

/// Whether the type's result can be shared by preserve().
bool hasPreserveMember(QualType T) {
  const auto *Record = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  return Record && Record->hasDefinition() &&
         llvm::any_of(Record->methods(), [](const CXXMethodDecl *M) {
           return M->getIdentifier() && M->getName() == "preserve";
         });
}

/// The index into kindSelect() of what \p C did.
unsigned kindIndex(const Consumption &C) {
  switch (C.Kind) {
  case ConsumptionKind::Await:
    return 0;
  case ConsumptionKind::MoveInto:
    return C.Receiver ? 1 : 2;
  case ConsumptionKind::MoveIntoTemporary:
    return 2;
  case ConsumptionKind::PassTo:
    return C.Receiver ? 3 : 4;
  case ConsumptionKind::Preserve:
    return 5;
  case ConsumptionKind::ConsumingMember:
    return 6;
  case ConsumptionKind::LambdaCall:
    return C.Receiver ? 7 : 8;
  case ConsumptionKind::LambdaCapture:
    return 9;
  }
  return 0;
}

} // namespace

std::string RepeatedConsumptionCheck::kindSelect(unsigned Kind) {
  std::string R = std::to_string(Kind + 1);
  return "%select{awaited|moved into '%" + R + "'|moved into a temporary|"
         "passed to '%" + R + "'|passed to a function|preserved|consumed by %" +
         R + "()|consumed by a call of '%" + R +
         "'|consumed by a lambda called here|captured by a lambda}" +
         std::to_string(Kind);
}

void RepeatedConsumptionCheck::describe(DiagnosticBuilder &D,
                                        const Consumption &C) {
  D << kindIndex(C) << (C.Receiver ? C.Receiver->getName() : "");
}

RepeatedConsumptionCheck::RepeatedConsumptionCheck(const OptionReader &Options)
    : TaskTypeNames(readNameListOption(Options, "ValueTaskTypes",
                                       /*AlsoGlobal=*/true, DefaultTaskTypes)),
      NonConsumingFunctions(readNameListOption(Options,
                                               "NonConsumingFunctions",
                                               /*AlsoGlobal=*/false,
                                               DefaultNonConsumingFunctions)),
      Tasks(TaskTypeNames.Names) {}

std::vector<std::pair<std::string, std::string>>
RepeatedConsumptionCheck::options() const {
  return {{"ValueTaskTypes", TaskTypeNames.Raw},
          {"NonConsumingFunctions", NonConsumingFunctions.Raw}};
}

void RepeatedConsumptionCheck::registerMatchers(
    MatchFinder &Finder, MatchFinder::MatchCallback &Callback) {
  Finder.addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      &Callback);
}

void RepeatedConsumptionCheck::check(const MatchFinder::MatchResult &Result,
                                     DiagnosticSink &Sink) {
  // Broken code has no trustworthy CFG: say nothing rather than nonsense.
  if (Result.Context->getDiagnostics().hasUncompilableErrorOccurred())
    return;
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Tasks.isInTaskLibrary(*Function))
    return;
  std::unique_ptr<FunctionConsumptions> Found = analyzeConsumptions(
      *Function, *Result.Context, {Tasks, NonConsumingFunctions.Names});
  if (!Found)
    return;
  const SourceManager &SM = *Result.SourceManager;
  llvm::ArrayRef<Consumption> All = Found->consumptions();
  CurrentFunction = Function;
  CurrentContext = Result.Context;
  for (const RepeatedConsumption &R : Found->Repeated) {
    if (!reports(R, All))
      continue;
    const Consumption &Later = All[R.Later];
    // Macros: the expansion site, in the user's file, where NOLINT works.
    SourceLocation Loc = SM.getFileLoc(Later.Use->getBeginLoc());
    if (!ReportedLocations.insert(Loc.getRawEncoding()).second)
      continue;
    warn(Sink, Later, Loc,
         hasPreserveMember(Found->Events->places()[Later.Place].Type));
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
