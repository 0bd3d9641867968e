//===- StoredTaskCheck.h - valuetask-stored-task ----------------*- C++ -*-===//
#ifndef VALUETASK_CHECKER_CHECKS_STOREDTASKCHECK_H
#define VALUETASK_CHECKER_CHECKS_STOREDTASKCHECK_H

#include "TaskCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace valuetask {

/// Flags a task stored where it outlives the expression that made it and
/// leaves this function's view: a data member, a global, a static or
/// thread-local, a container, the heap, or a lambda capture that escapes.
///
/// For the user-facing documentation see docs/checks/stored-task.md.
class StoredTaskCheck : public TaskCheck {
public:
  explicit StoredTaskCheck(const OptionReader &Options);
  std::vector<std::pair<std::string, std::string>> options() const override;
  void onEndOfTranslationUnit() override {
    TaskCheck::onEndOfTranslationUnit();
    ReportedLocations.clear();
  }

private:
  struct Reporter;
  class BodyWalker;
  // Each walks one declaration for every kind of store it can make.
  void checkFunction(const clang::FunctionDecl &Function,
                     clang::ASTContext &Ctx, DiagnosticSink &Sink) override;
  void checkField(const clang::FieldDecl &Field, clang::ASTContext &Ctx,
                  DiagnosticSink &Sink) override;
  void checkGlobal(const clang::VarDecl &Var, clang::ASTContext &Ctx,
                   DiagnosticSink &Sink) override;
  Reporter reporter(clang::ASTContext &Ctx, DiagnosticSink &Sink);
  void checkAssignment(const clang::CXXOperatorCallExpr &Assign, Reporter &R);
  void checkInitializer(const clang::CXXCtorInitializer &Init, Reporter &R);
  void checkContainerInsert(const clang::CXXMemberCallExpr &Call,
                            Reporter &R);
  void checkAllocation(clang::QualType Allocated, clang::SourceLocation Loc,
                       Reporter &R);
  void checkLambda(const clang::LambdaExpr &Lambda, Reporter &R);
  bool stores(clang::QualType T, const clang::FieldDecl *Member = nullptr) const;

  const NameListOption AllowedStorageTypes;
  llvm::DenseSet<unsigned> ReportedLocations;
};

} // namespace valuetask

#endif
