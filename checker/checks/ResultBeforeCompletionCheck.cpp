//===- ResultBeforeCompletionCheck.cpp - valuetask-result-before-completion ===//

#include "ResultBeforeCompletionCheck.h"
#include "../analysis/TaskStateAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace valuetask {

namespace {

constexpr llvm::StringLiteral DefaultResultFunctions = "result";
// The consumption analysis as the other flow checks run it by default, so
// one result serves them all.
constexpr llvm::StringLiteral DefaultNonConsumingFunctions = "::std::swap";

bool isIdentifier(llvm::StringRef S) {
  return !S.empty() && (isalpha(S.front()) || S.front() == '_') &&
         llvm::all_of(S, [](char C) { return isalnum(C) || C == '_'; });
}

/// `;`-separated member function names; a malformed list is reported and
/// the default is used.
std::vector<std::string> readMemberNames(const OptionReader &Options,
                                         llvm::StringRef Name,
                                         llvm::StringRef Raw,
                                         llvm::StringRef Default) {
  std::vector<std::string> Names;
  llvm::SmallVector<llvm::StringRef, 4> Entries;
  Raw.split(Entries, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    if (!isIdentifier(Entry)) {
      Options.reportInvalid(Name, Raw,
                            ("'" + Entry +
                             "' is not the name of a member function such as "
                             "'result'; using '" + Default + "'")
                                .str());
      return readMemberNames(Options, Name, Default, Default);
    }
    Names.push_back(Entry.str());
  }
  return Names;
}

QualifiedNameList defaultNonConsuming() {
  std::string Error;
  return *QualifiedNameList::parse(DefaultNonConsumingFunctions, Error);
}

} // namespace

ResultBeforeCompletionCheck::ResultBeforeCompletionCheck(
    const OptionReader &Options)
    : TaskTypeNames(readNameListOption(Options, "ValueTaskTypes",
                                       /*AlsoGlobal=*/true, DefaultTaskTypes)),
      RawResultFunctions(Options.get("ResultFunctions")
                             .value_or(DefaultResultFunctions.str())),
      ResultFunctions(readMemberNames(Options, "ResultFunctions",
                                      RawResultFunctions,
                                      DefaultResultFunctions)),
      Tasks(TaskTypeNames.Names), NonConsumingFunctions(defaultNonConsuming()) {}

std::vector<std::pair<std::string, std::string>>
ResultBeforeCompletionCheck::options() const {
  return {{"ResultFunctions", RawResultFunctions},
          {"ValueTaskTypes", TaskTypeNames.Raw}};
}

void ResultBeforeCompletionCheck::registerMatchers(
    MatchFinder &Finder, MatchFinder::MatchCallback &Callback) {
  Finder.addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      &Callback);
}

void ResultBeforeCompletionCheck::check(const MatchFinder::MatchResult &Result,
                                        DiagnosticSink &Sink) {
  // Broken code has no trustworthy CFG: say nothing rather than nonsense.
  if (Result.Context->getDiagnostics().hasUncompilableErrorOccurred())
    return;
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Tasks.isInTaskLibrary(*Function))
    return;
  AnalysisOptions Consumptions{
      Tasks, NonConsumingFunctions,
      TaskTypeNames.Raw + "\n" + DefaultNonConsumingFunctions.str()};
  TaskStateOptions Options{Consumptions, ResultFunctions};
  const SourceManager &SM = *Result.SourceManager;
  for (const EarlyResultRead &Read :
       findEarlyResultReads(*Function, *Result.Context, Options)) {
    // Macros: the expansion site, in the user's file, where NOLINT works.
    SourceLocation Loc = SM.getFileLoc(Read.Use->getBeginLoc());
    if (!ReportedLocations.insert(Loc.getRawEncoding()).second)
      continue;
    Sink.diag(Loc, "result of task '%0' is read before it is known to be "
                   "complete; co_await it, or check %0.is_completed() first")
        << Read.Name;
    for (const TaskOrigin &Origin : Read.Origins)
      Sink.diag(SM.getFileLoc(Origin.Loc),
                Origin.Kind == TaskOrigin::Empty
                    ? "'%0' holds no task: it was default-constructed here"
                    : "'%0' was made here, and may still be running",
                DiagnosticIDs::Note)
          << Read.DeclaredName;
  }
}

void ResultBeforeCompletionCheck::onStartOfTranslationUnit() {
  forgetCachedAnalyses();
  ReportedLocations.clear();
}

void ResultBeforeCompletionCheck::onEndOfTranslationUnit() {
  forgetCachedAnalyses();
  ReportedLocations.clear();
}

} // namespace valuetask
