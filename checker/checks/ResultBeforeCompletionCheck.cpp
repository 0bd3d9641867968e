//===- ResultBeforeCompletionCheck.cpp - valuetask-result-before-completion ===//

#include "ResultBeforeCompletionCheck.h"
#include "../analysis/TaskStateAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace valuetask {

namespace {

constexpr llvm::StringLiteral DefaultResultFunctions = "result";

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

/// How to call a member of the task \p Name names: `t.`, or `o->` for `*o`.
std::string memberAccessOf(llvm::StringRef Name) {
  if (Name.size() > 1 && Name.front() == '*' && Name[1] != '*')
    return (Name.drop_front() + "->").str();
  return (Name + ".").str();
}

} // namespace

ResultBeforeCompletionCheck::ResultBeforeCompletionCheck(
    const OptionReader &Options)
    : FlowCheck(Options),
      RawResultFunctions(Options.get("ResultFunctions")
                             .value_or(DefaultResultFunctions.str())),
      ResultFunctions(readMemberNames(Options, "ResultFunctions",
                                      RawResultFunctions,
                                      DefaultResultFunctions)) {}

std::vector<std::pair<std::string, std::string>>
ResultBeforeCompletionCheck::options() const {
  return {{"ResultFunctions", RawResultFunctions},
          {"ValueTaskTypes", TaskTypeNames.Raw}};
}

void ResultBeforeCompletionCheck::checkFunction(const FunctionDecl &Function,
                                                ASTContext &Ctx,
                                                DiagnosticSink &Sink) {
  const FunctionEvents *Events =
      eventsOf(Function, Ctx, defaultNonConsumingFunctions());
  if (!Events)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const EarlyResultRead &Read :
       findEarlyResultReads(*Events, ResultFunctions)) {
    // Macros: the expansion site, in the user's file, where NOLINT works.
    SourceLocation Loc = SM.getFileLoc(Read.Use->getBeginLoc());
    if (!firstReport(Loc))
      continue;
    Sink.diag(Loc, "result of task '%0' is read before it is known to be "
                   "complete; co_await it, or check %1is_completed() first")
        << Read.Name << memberAccessOf(Read.Name);
    for (const TaskOrigin &Origin : Read.Origins)
      Sink.diag(SM.getFileLoc(Origin.Loc),
                Origin.Kind == TaskOrigin::Empty
                    ? "'%0' holds no task: it was default-constructed here"
                    : "'%0' was made here, and may still be running",
                DiagnosticIDs::Note)
          << Read.DeclaredName;
  }
}

} // namespace valuetask
