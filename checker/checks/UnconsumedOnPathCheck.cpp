//===- UnconsumedOnPathCheck.cpp - valuetask-unconsumed-on-path -----------===//

#include "UnconsumedOnPathCheck.h"
#include "../analysis/TaskStateAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace valuetask {

namespace {

// The consumption analysis as the other flow checks run it by default, so
// one result serves them all.
constexpr llvm::StringLiteral DefaultNonConsumingFunctions = "::std::swap";

QualifiedNameList defaultNonConsuming() {
  std::string Error;
  return *QualifiedNameList::parse(DefaultNonConsumingFunctions, Error);
}

} // namespace

UnconsumedOnPathCheck::UnconsumedOnPathCheck(const OptionReader &Options)
    : TaskTypeNames(readNameListOption(Options, "ValueTaskTypes",
                                       /*AlsoGlobal=*/true, DefaultTaskTypes)),
      Tasks(TaskTypeNames.Names), NonConsumingFunctions(defaultNonConsuming()) {}

std::vector<std::pair<std::string, std::string>>
UnconsumedOnPathCheck::options() const {
  return {{"ValueTaskTypes", TaskTypeNames.Raw}};
}

void UnconsumedOnPathCheck::registerMatchers(
    MatchFinder &Finder, MatchFinder::MatchCallback &Callback) {
  Finder.addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      &Callback);
}

void UnconsumedOnPathCheck::check(const MatchFinder::MatchResult &Result,
                                  DiagnosticSink &Sink) {
  if (Result.Context->getDiagnostics().hasUncompilableErrorOccurred())
    return;
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Tasks.isInTaskLibrary(*Function))
    return;
  AnalysisOptions Consumptions{
      Tasks, NonConsumingFunctions,
      TaskTypeNames.Raw + "\n" + DefaultNonConsumingFunctions.str()};
  TaskStateOptions Options{Consumptions, {}};
  const SourceManager &SM = *Result.SourceManager;
  for (const DroppedTask &Drop :
       findDroppedTasks(*Function, *Result.Context, Options)) {
    SourceLocation Loc = SM.getFileLoc(Drop.Exit);
    if (!Reported.insert({Loc.getRawEncoding(), Drop.Name}).second)
      continue;
    Sink.diag(Loc, "task '%0' is dropped here without being consumed, though "
                   "another path consumes it; consume it on this path too, "
                   "or before the paths part")
        << Drop.Name;
    for (const Consumption *C : Drop.ConsumedAt)
      Sink.diag(SM.getFileLoc(C->Use->getBeginLoc()),
                "'%0' is %1 here, on another path", DiagnosticIDs::Note)
          << C->Name << C->Event;
  }
}

void UnconsumedOnPathCheck::onStartOfTranslationUnit() {
  forgetCachedAnalyses();
  Reported.clear();
}

void UnconsumedOnPathCheck::onEndOfTranslationUnit() {
  forgetCachedAnalyses();
  Reported.clear();
}

} // namespace valuetask
