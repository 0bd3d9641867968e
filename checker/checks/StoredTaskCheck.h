//===- StoredTaskCheck.h - valuetask-stored-task ----------------*- C++ -*-===//
#ifndef VALUETASK_CHECKER_CHECKS_STOREDTASKCHECK_H
#define VALUETASK_CHECKER_CHECKS_STOREDTASKCHECK_H

#include "Check.h"
#include "NameListOption.h"
#include "llvm/ADT/DenseSet.h"

namespace valuetask {

/// Flags a task stored where it outlives the expression that made it and
/// leaves this function's view: a data member, a global, a static or
/// thread-local, a container, the heap, or a lambda capture that escapes.
///
/// For the user-facing documentation see docs/checks/stored-task.md.
class StoredTaskCheck : public Check {
public:
  explicit StoredTaskCheck(const OptionReader &Options);
  void registerMatchers(
      clang::ast_matchers::MatchFinder &Finder,
      clang::ast_matchers::MatchFinder::MatchCallback &Callback) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result,
             DiagnosticSink &Sink) override;
  std::vector<std::pair<std::string, std::string>> options() const override;
  void onEndOfTranslationUnit() override { ReportedLocations.clear(); }

private:
  struct Reporter;
  class BodyWalker;
  void checkBody(const clang::FunctionDecl &Function, Reporter &R);
  void checkAssignment(const clang::CXXOperatorCallExpr &Assign, Reporter &R);
  void checkInitializer(const clang::CXXCtorInitializer &Init, Reporter &R);
  void checkDefaultMemberInit(const clang::FieldDecl &Field, Reporter &R);
  void checkGlobal(const clang::VarDecl &Var, Reporter &R);
  void checkContainerInsert(const clang::CXXMemberCallExpr &Call,
                            Reporter &R);
  void checkAllocation(clang::QualType Allocated, clang::SourceLocation Loc,
                       Reporter &R);
  void checkLambda(const clang::LambdaExpr &Lambda, Reporter &R);
  bool stores(clang::QualType T, const clang::FieldDecl *Member = nullptr) const;

  const NameListOption TaskTypeNames;
  const NameListOption AllowedStorageTypes;
  const TaskTypes Tasks;
  llvm::DenseSet<unsigned> ReportedLocations;
};

} // namespace valuetask

#endif
