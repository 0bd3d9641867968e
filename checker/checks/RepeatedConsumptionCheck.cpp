//===- RepeatedConsumptionCheck.cpp - base of the two flow checks ---------===//

#include "RepeatedConsumptionCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace valuetask {

namespace {

// Swapping exchanges two live tasks; neither is consumed.
constexpr llvm::StringLiteral DefaultNonConsumingFunctions = "::std::swap";

} // namespace

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
  AnalysisOptions Options{Tasks, NonConsumingFunctions.Names,
                          TaskTypeNames.Raw + "\n" + NonConsumingFunctions.Raw};
  const FunctionConsumptions *Found =
      analyzeFunction(*Function, *Result.Context, Options);
  if (!Found)
    return;
  const SourceManager &SM = *Result.SourceManager;
  CurrentFunction = Function;
  CurrentContext = Result.Context;
  for (const RepeatedConsumption &R : Found->Repeated) {
    if (!reports(R, Found->Consumptions))
      continue;
    const Consumption &Later = Found->Consumptions[R.Later];
    // Macros: the expansion site, in the user's file, where NOLINT works.
    SourceLocation Loc = SM.getFileLoc(Later.Use->getBeginLoc());
    if (!ReportedLocations.insert(Loc.getRawEncoding()).second)
      continue;
    warn(Sink, Later, Loc);
    for (const auto &E : R.Earlier) {
      const Consumption &Earlier = Found->Consumptions[E.Index];
      Sink.diag(SM.getFileLoc(Earlier.Use->getBeginLoc()),
                E.InPreviousIteration
                    ? "'%0' was %1 here, in a previous loop iteration"
                    : "'%0' was %1 here",
                DiagnosticIDs::Note)
          << Earlier.Name << Earlier.Event;
    }
  }
}

void RepeatedConsumptionCheck::onStartOfTranslationUnit() {
  forgetCachedAnalyses();
  ReportedLocations.clear();
}

void RepeatedConsumptionCheck::onEndOfTranslationUnit() {
  forgetCachedAnalyses();
  ReportedLocations.clear();
}

} // namespace valuetask
