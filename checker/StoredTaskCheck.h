//===- StoredTaskCheck.h - valuetask-stored-task ----------------*- C++ -*-===//
#ifndef VALUETASK_CHECKER_STOREDTASKCHECK_H
#define VALUETASK_CHECKER_STOREDTASKCHECK_H

#include "TaskTypes.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::valuetask {

/// Flags a task stored where it outlives the expression that made it and
/// leaves this function's view: a data member, a global, a static or
/// thread-local, a container, the heap, or a lambda capture that escapes.
///
/// For the user-facing documentation see docs/checks/stored-task.md.
class StoredTaskCheck : public ClangTidyCheck {
public:
  StoredTaskCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override { ReportedLocations.clear(); }

private:
  void checkLambda(const LambdaExpr &Lambda, ASTContext &Ctx);
  bool isAllowed(QualType Destination, const FieldDecl *Member) const;
  void report(SourceLocation Loc, const SourceManager &SM, StringRef Where);

  const std::string RawTaskTypes;
  const std::string RawAllowedStorageTypes;
  const TaskTypes Tasks;
  const QualifiedNameList AllowedStorageTypes;
  llvm::DenseSet<unsigned> ReportedLocations;
};

} // namespace clang::tidy::valuetask

#endif
