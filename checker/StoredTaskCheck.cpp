//===- StoredTaskCheck.cpp - valuetask-stored-task ------------------------===//

#include "StoredTaskCheck.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::valuetask {

namespace {

/// An empty task (`t_ = {}`, `value_task<int>()`) stores nothing to await.
bool makesEmptyTask(const Expr *E) {
  E = E->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 0;
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits() == 0;
  return isa<ImplicitValueInitExpr, CXXScalarValueInitExpr>(E);
}

std::string quoted(const NamedDecl &D) {
  return ("'" + D.getName() + "'").str();
}

std::string describeVariable(const VarDecl &Var) {
  if (Var.getTLSKind() != VarDecl::TLS_None)
    return "thread-local " + quoted(Var);
  if (Var.isStaticLocal())
    return "static local " + quoted(Var);
  return "global " + quoted(Var);
}

/// The object a container member call or `operator[]` works on, named.
std::string describeContainer(const Expr *Object) {
  Object = Object->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
    return "container " + quoted(*Ref->getDecl());
  if (const auto *Member = dyn_cast<MemberExpr>(Object))
    return "container " + quoted(*Member->getMemberDecl());
  return "a container";
}

/// Whether \p Type is a type-erased callable, which is made to be kept:
/// `std::function` and its C++23 siblings.
bool isTypeErasedCallableType(QualType Type) {
  const NamedDecl *Class = classTemplateOrClassOf(Type);
  return Class && Class->isInStdNamespace() &&
         (Class->getName() == "function" ||
          Class->getName() == "move_only_function" ||
          Class->getName() == "copyable_function");
}

/// Whether \p N turns a lambda into a type-erased callable: constructing
/// one, or assigning to an existing one (`s.f = [&t] {...}`).
bool isTypeErasedCallable(const DynTypedNode &N) {
  if (const auto *Construct = N.get<CXXConstructExpr>())
    return isTypeErasedCallableType(Construct->getType());
  if (const auto *Assign = N.get<CXXOperatorCallExpr>();
      Assign && Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2)
    return isTypeErasedCallableType(Assign->getArg(0)->getType());
  return false;
}

/// Whether a container held in \p Object is a local of the function at
/// hand: its elements never leave this function's view.
bool isLocalContainer(const Expr *Object) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
         !Var->getType()->isReferenceType();
}

/// The declaration \p N is, or the innermost one it sits in.
const Decl *declarationAround(DynTypedNode N, ASTContext &Ctx) {
  while (!N.get<Decl>()) {
    DynTypedNodeList Parents = Ctx.getParents(N);
    if (Parents.empty())
      return nullptr;
    N = Parents[0];
  }
  return N.get<Decl>();
}

} // namespace

StoredTaskCheck::StoredTaskCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawTaskTypes(Options.getLocalOrGlobal("ValueTaskTypes", DefaultTaskTypes)),
      RawAllowedStorageTypes(Options.get("AllowedStorageTypes", "")),
      Tasks(readNameListOption(*this, "ValueTaskTypes", RawTaskTypes,
                               DefaultTaskTypes)),
      AllowedStorageTypes(readNameListOption(*this, "AllowedStorageTypes",
                                             RawAllowedStorageTypes, "")) {}

void StoredTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ValueTaskTypes", RawTaskTypes);
  Options.store(Opts, "AllowedStorageTypes", RawAllowedStorageTypes);
}

void StoredTaskCheck::registerMatchers(MatchFinder *Finder) {
  auto InUserCode = unless(isExpansionInSystemHeader());
  Finder->addMatcher(
      cxxOperatorCallExpr(hasOverloadedOperatorName("="), InUserCode)
          .bind("assign"),
      this);
  Finder->addMatcher(
      cxxConstructorDecl(InUserCode, forEachConstructorInitializer(
                                         cxxCtorInitializer(isWritten())
                                             .bind("init")))
          .bind("constructor"),
      this);
  Finder->addMatcher(fieldDecl(InUserCode, hasInClassInitializer(expr()))
                         .bind("field"),
                     this);
  Finder->addMatcher(varDecl(InUserCode, hasGlobalStorage(),
                             hasInitializer(expr()))
                         .bind("global"),
                     this);
  Finder->addMatcher(
      cxxMemberCallExpr(
          InUserCode,
          callee(cxxMethodDecl(hasAnyName(
              "push_back", "push_front", "push", "emplace", "emplace_back",
              "emplace_front", "emplace_hint", "insert", "insert_or_assign",
              "try_emplace"))))
          .bind("container"),
      this);
  Finder->addMatcher(cxxNewExpr(InUserCode).bind("new"), this);
  Finder->addMatcher(
      callExpr(InUserCode, callee(functionDecl(hasAnyName(
                               "::std::make_unique", "::std::make_shared",
                               "::std::allocate_shared"))))
          .bind("make"),
      this);
  Finder->addMatcher(lambdaExpr(InUserCode).bind("lambda"), this);
}

bool StoredTaskCheck::isAllowed(QualType Destination,
                                const FieldDecl *Member) const {
  if (const NamedDecl *D = classTemplateOrClassOf(Destination);
      D && AllowedStorageTypes.contains(*D))
    return true;
  if (!Member)
    return false;
  const auto *Owner = dyn_cast<CXXRecordDecl>(Member->getParent());
  return Owner && AllowedStorageTypes.contains(*classTemplateOrClassOf(*Owner));
}

void StoredTaskCheck::report(SourceLocation Loc, const SourceManager &SM,
                             StringRef Where) {
  Loc = SM.getFileLoc(Loc); // a macro's expansion site, where NOLINT works
  if (!ReportedLocations.insert(Loc.getRawEncoding()).second)
    return; // the same store in another template instantiation
  diag(Loc, "task is stored in %0, where it can be awaited late or more than "
            "once; await it where it is made, or store the shared_task from "
            "preserve()")
      << Where;
}

void StoredTaskCheck::check(const MatchFinder::MatchResult &Result) {
  if (Result.Context->getDiagnostics().hasUncompilableErrorOccurred())
    return;
  // The task library's own internals are exempt. Each matcher binds one
  // node, or a constructor and its initialiser ("constructor" sorts first).
  const DynTypedNode &Matched = Result.Nodes.getMap().begin()->second;
  if (const Decl *Where = declarationAround(Matched, *Result.Context);
      Where && Tasks.isInTaskLibrary(*Where))
    return;
  const SourceManager &SM = *Result.SourceManager;
  auto Stores = [&](QualType T, const FieldDecl *Member = nullptr) {
    // A reference member or global refers to a task; it holds none.
    return !T->isReferenceType() && Tasks.holdsTask(T) && !isAllowed(T, Member);
  };

  if (const auto *Assign = Result.Nodes.getNodeAs<CXXOperatorCallExpr>("assign")) {
    const Expr *Target = Assign->getArg(0)->IgnoreParenImpCasts();
    if (Assign->getNumArgs() != 2 || makesEmptyTask(Assign->getArg(1)))
      return;
    if (const auto *Member = dyn_cast<MemberExpr>(Target)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (Field && Stores(Field->getType(), Field))
        report(Assign->getExprLoc(), SM, "member " + quoted(*Field));
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Target)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (Var && Var->hasGlobalStorage() && Stores(Var->getType()))
        report(Assign->getExprLoc(), SM, describeVariable(*Var));
    } else if (const auto *Index = dyn_cast<CXXOperatorCallExpr>(Target);
               Index && Index->getOperator() == OO_Subscript &&
               Stores(Index->getArg(0)->getType()) &&
               !isLocalContainer(Index->getArg(0))) {
      report(Assign->getExprLoc(), SM, describeContainer(Index->getArg(0)));
    }
    return;
  }
  if (const auto *Init = Result.Nodes.getNodeAs<CXXCtorInitializer>("init")) {
    const FieldDecl *Field = Init->getMember();
    if (Field && Stores(Field->getType(), Field) &&
        !makesEmptyTask(Init->getInit()))
      report(Init->getSourceLocation(), SM, "member " + quoted(*Field));
    return;
  }
  if (const auto *Field = Result.Nodes.getNodeAs<FieldDecl>("field")) {
    const Expr *Init = Field->getInClassInitializer();
    if (Init && Stores(Field->getType(), Field) && !makesEmptyTask(Init))
      report(Init->getBeginLoc(), SM, "member " + quoted(*Field));
    return;
  }
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("global")) {
    if (Stores(Var->getType()) && !makesEmptyTask(Var->getInit()) &&
        !Var->getType()->isReferenceType())
      report(Var->getLocation(), SM, describeVariable(*Var));
    return;
  }
  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("container")) {
    const Expr *Object = Call->getImplicitObjectArgument();
    if (Object && Stores(Object->getType()) && !isLocalContainer(Object))
      report(Call->getExprLoc(), SM, describeContainer(Object));
    return;
  }
  if (const auto *New = Result.Nodes.getNodeAs<CXXNewExpr>("new")) {
    if (Stores(New->getAllocatedType()))
      report(New->getBeginLoc(), SM, "a heap allocation");
    return;
  }
  if (const auto *Make = Result.Nodes.getNodeAs<CallExpr>("make")) {
    if (Stores(Make->getType()))
      report(Make->getBeginLoc(), SM, "a heap allocation");
    return;
  }
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    checkLambda(*Lambda, *Result.Context);
}

/// A lambda holding a task (by reference, or by an init-capture) that is
/// returned, converted to another type (std::function), or stored in a
/// global. An immediately invoked lambda, or one kept in a local, is fine.
void StoredTaskCheck::checkLambda(const LambdaExpr &Lambda, ASTContext &Ctx) {
  bool HoldsTask = llvm::any_of(Lambda.captures(), [&](const LambdaCapture &C) {
    if (!C.capturesVariable())
      return false;
    const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!Var || !Tasks.holdsTask(Var->getType()))
      return false;
    return C.getCaptureKind() == LCK_ByRef || Var->isInitCapture();
  });
  if (!HoldsTask)
    return;
  DynTypedNode N = DynTypedNode::create(Lambda);
  for (;;) {
    DynTypedNodeList Parents = Ctx.getParents(N);
    if (Parents.empty())
      return;
    N = Parents[0];
    if (N.get<ImplicitCastExpr>() || N.get<MaterializeTemporaryExpr>() ||
        N.get<CXXBindTemporaryExpr>() || N.get<ExprWithCleanups>() ||
        N.get<ParenExpr>())
      continue;
    if (const auto *Var = N.get<VarDecl>();
        !N.get<ReturnStmt>() && !isTypeErasedCallable(N) &&
        !(Var && Var->hasGlobalStorage()))
      return;
    report(Lambda.getBeginLoc(), Ctx.getSourceManager(),
           "a lambda capture that escapes this function");
    return;
  }
}

} // namespace clang::tidy::valuetask
