//===- TaskCheck.cpp - a check over the declarations of user code ---------===//

#include "TaskCheck.h"
#include "../analysis/Transfer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include <vector>

using namespace clang;
using namespace clang::ast_matchers;

namespace valuetask {

namespace {

bool inSystemHeader(const Decl &D, const SourceManager &SM) {
  SourceLocation Loc = D.getBeginLoc();
  return Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(Loc));
}

/// What some check looks at: a function definition, a field with an
/// initializer, a variable of static storage with one.
bool isCheckable(const Decl &D) {
  if (const auto *Function = dyn_cast<FunctionDecl>(&D))
    return Function->isThisDeclarationADefinition();
  if (const auto *Field = dyn_cast<FieldDecl>(&D))
    return Field->hasInClassInitializer();
  if (const auto *Var = dyn_cast<VarDecl>(&D))
    return Var->hasGlobalStorage() && Var->hasInit();
  return false;
}

/// What the checks of one translation unit find once and share: the
/// declarations of user code some check looks at, in the order of a walk, and
/// each function's events. The front ends make each check on its own and
/// hand them nothing in common, but run the whole of one translation unit's
/// matching on one thread, from the checks' onStartOfTranslationUnit() to
/// their onEndOfTranslationUnit(), which both empty it: what it holds is
/// always this translation unit's.
struct TranslationUnitShare {
  const TranslationUnitDecl *Unit = nullptr; // null until walked
  std::vector<const Decl *> InWalkOrder;
  FunctionEventsCache Events;
};

TranslationUnitShare &share() {
  thread_local TranslationUnitShare Shared;
  return Shared;
}

void forgetTranslationUnit() {
  TranslationUnitShare &Shared = share();
  Shared.Unit = nullptr;
  Shared.InWalkOrder.clear();
  Shared.Events.clear();
}

} // namespace

/// Visits what the matchers of a whole-translation-unit traversal would
/// (template instantiations, implicit code such as a lambda's class) minus
/// every declaration a system header holds and all that it contains: a
/// system header's namespace, class or function holds no user code.
class TaskCheck::UserCodeWalker
    : public RecursiveASTVisitor<UserCodeWalker> {
public:
  UserCodeWalker(const SourceManager &SM, std::vector<const Decl *> &Found)
      : SM(SM), Found(Found) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D || inSystemHeader(*D, SM))
      return true;
    if (isCheckable(*D))
      Found.push_back(D);
    return RecursiveASTVisitor::TraverseDecl(D);
  }

private:
  const SourceManager &SM;
  std::vector<const Decl *> &Found;
};

TaskCheck::TaskCheck(const OptionReader &Options, unsigned Kinds)
    : TaskTypeNames(readNameListOption(Options, "ValueTaskTypes",
                                       /*AlsoGlobal=*/true, DefaultTaskTypes)),
      Tasks(TaskTypeNames.Names), Kinds(Kinds) {}

void TaskCheck::registerMatchers(MatchFinder &Finder,
                                 MatchFinder::MatchCallback &Callback,
                                 Traversal Scope) {
  if (Scope == Traversal::WholeTranslationUnit) {
    Finder.addMatcher(translationUnitDecl().bind("unit"), &Callback);
    return;
  }
  if (Kinds & FunctionDefinitions)
    Finder.addMatcher(functionDecl().bind("declaration"), &Callback);
  if (Kinds & InitializedFields)
    Finder.addMatcher(fieldDecl().bind("declaration"), &Callback);
  if (Kinds & InitializedGlobals)
    Finder.addMatcher(varDecl().bind("declaration"), &Callback);
}

void TaskCheck::check(const MatchFinder::MatchResult &Result,
                      DiagnosticSink &Sink) {
  ASTContext &Ctx = *Result.Context;
  if (Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return;
  if (const auto *Unit = Result.Nodes.getNodeAs<TranslationUnitDecl>("unit")) {
    TranslationUnitShare &Shared = share();
    if (Shared.Unit != Unit) {
      Shared.InWalkOrder.clear();
      UserCodeWalker(Ctx.getSourceManager(), Shared.InWalkOrder)
          .TraverseDecl(const_cast<TranslationUnitDecl *>(Unit));
      Shared.Unit = Unit;
    }
    for (const Decl *D : Shared.InWalkOrder)
      dispatch(*D, Ctx, Sink);
  } else if (const auto *D = Result.Nodes.getNodeAs<Decl>("declaration");
           D && !inSystemHeader(*D, Ctx.getSourceManager()))
    dispatch(*D, Ctx, Sink);
}

void TaskCheck::onStartOfTranslationUnit() {
  forgetTranslationUnit();
  Tasks.forgetDeclarations();
}

void TaskCheck::onEndOfTranslationUnit() {
  forgetTranslationUnit();
  Tasks.forgetDeclarations();
}

FunctionEventsCache &TaskCheck::sharedEvents() { return share().Events; }

void TaskCheck::dispatch(const Decl &D, ASTContext &Ctx, DiagnosticSink &Sink) {
  if (!isCheckable(D))
    return;
  // The task library's own internals handle tasks by design.
  if (const auto *Function = dyn_cast<FunctionDecl>(&D)) {
    if ((Kinds & FunctionDefinitions) && !Tasks.isInTaskLibrary(*Function))
      checkFunction(*Function, Ctx, Sink);
  } else if (const auto *Field = dyn_cast<FieldDecl>(&D)) {
    if ((Kinds & InitializedFields) && !Tasks.isInTaskLibrary(*Field))
      checkField(*Field, Ctx, Sink);
  } else if (const auto *Var = dyn_cast<VarDecl>(&D)) {
    if ((Kinds & InitializedGlobals) && !Tasks.isInTaskLibrary(*Var))
      checkGlobal(*Var, Ctx, Sink);
  }
}

} // namespace valuetask
