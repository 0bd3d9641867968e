//===- RepeatedConsumptionCheck.cpp - base of the two flow checks ---------===//

#include "RepeatedConsumptionCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::valuetask {

namespace {

// Swapping exchanges two live tasks; neither is consumed.
constexpr llvm::StringLiteral DefaultNonConsumingFunctions = "::std::swap";

} // namespace

RepeatedConsumptionCheck::RepeatedConsumptionCheck(StringRef Name,
                                                   ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawTaskTypes(Options.getLocalOrGlobal("ValueTaskTypes", DefaultTaskTypes)),
      RawNonConsumingFunctions(Options.get("NonConsumingFunctions",
                                           DefaultNonConsumingFunctions)),
      Tasks(readNameListOption(*this, "ValueTaskTypes", RawTaskTypes,
                               DefaultTaskTypes)),
      NonConsumingFunctions(readNameListOption(*this, "NonConsumingFunctions",
                                               RawNonConsumingFunctions,
                                               DefaultNonConsumingFunctions)) {}

void RepeatedConsumptionCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ValueTaskTypes", RawTaskTypes);
  Options.store(Opts, "NonConsumingFunctions", RawNonConsumingFunctions);
}

void RepeatedConsumptionCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

void RepeatedConsumptionCheck::check(const MatchFinder::MatchResult &Result) {
  // Broken code has no trustworthy CFG: say nothing rather than nonsense.
  if (Result.Context->getDiagnostics().hasUncompilableErrorOccurred())
    return;
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Tasks.isInTaskLibrary(*Function))
    return;
  AnalysisOptions Options{Tasks, NonConsumingFunctions,
                          RawTaskTypes + "\n" + RawNonConsumingFunctions};
  const FunctionConsumptions *Found =
      analyzeFunction(*Function, *Result.Context, Options);
  if (!Found)
    return;
  const SourceManager &SM = *Result.SourceManager;
  for (const RepeatedConsumption &R : Found->Repeated) {
    if (!reports(R, Found->Consumptions))
      continue;
    const Consumption &Later = Found->Consumptions[R.Later];
    // Macros: the expansion site, in the user's file, where NOLINT works.
    SourceLocation Loc = SM.getFileLoc(Later.Use->getBeginLoc());
    if (!ReportedLocations.insert(Loc.getRawEncoding()).second)
      continue;
    warn(Later, Loc);
    for (const auto &E : R.Earlier) {
      const Consumption &Earlier = Found->Consumptions[E.Index];
      diag(SM.getFileLoc(Earlier.Use->getBeginLoc()),
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

} // namespace clang::tidy::valuetask
