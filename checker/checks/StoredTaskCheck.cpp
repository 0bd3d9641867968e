//===- StoredTaskCheck.cpp - valuetask-stored-task ------------------------===//

#include "StoredTaskCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace valuetask {

namespace {

/// Nodes a value passes through unchanged on its way to where it goes.
const Expr *skipTransparent(const Expr *E) {
  for (;;) {
    const Expr *Inner = E->IgnoreParens()->IgnoreImplicit();
    if (Inner == E)
      return E;
    E = Inner;
  }
}

AST_MATCHER_P(Expr, ignoringTransparent,
              clang::ast_matchers::internal::Matcher<Expr>, Inner) {
  return Inner.matches(*skipTransparent(&Node), Finder, Builder);
}

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

/// `std::function` and its C++23 siblings: made to be kept.
AST_MATCHER(QualType, isTypeErasedCallable) {
  (void)Finder;
  (void)Builder;
  const NamedDecl *Class = classTemplateOrClassOf(Node);
  return Class && Class->isInStdNamespace() &&
         (Class->getName() == "function" ||
          Class->getName() == "move_only_function" ||
          Class->getName() == "copyable_function");
}

bool isStdClass(QualType T, std::initializer_list<llvm::StringRef> Names) {
  const NamedDecl *D = classTemplateOrClassOf(T.getNonReferenceType());
  return D && D->isInStdNamespace() && D->getIdentifier() &&
         llvm::is_contained(Names, D->getName());
}

/// Whether a container held in \p Object is a local of the function at
/// hand: its elements never leave this function's view.
bool isLocalContainer(const Expr *Object) {
  Object = Object->IgnoreParenImpCasts();
  // A member of a local aggregate (`c.tasks`) is local storage too.
  while (const auto *Member = dyn_cast<MemberExpr>(Object)) {
    if (Member->isArrow())
      return false;
    Object = Member->getBase()->IgnoreParenImpCasts();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Object);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
         !Var->getType()->isReferenceType();
}

} // namespace

/// Reports at most once per location (a template instantiated twice makes
/// the same store twice).
struct StoredTaskCheck::Reporter {
  DiagnosticSink &Sink;
  const SourceManager &SM;
  llvm::DenseSet<unsigned> &Reported;

  void operator()(SourceLocation Loc, llvm::StringRef Where) {
    Loc = SM.getFileLoc(Loc); // a macro's expansion site, where NOLINT works
    if (!Reported.insert(Loc.getRawEncoding()).second)
      return;
    Sink.diag(Loc, "task is stored in %0, where it can be awaited late or "
                   "more than once; await it where it is made, or store the "
                   "shared_task from preserve()")
        << Where;
  }
};

StoredTaskCheck::StoredTaskCheck(const OptionReader &Options)
    : TaskTypeNames(readNameListOption(Options, "ValueTaskTypes",
                                       /*AlsoGlobal=*/true, DefaultTaskTypes)),
      AllowedStorageTypes(readNameListOption(Options, "AllowedStorageTypes",
                                             /*AlsoGlobal=*/false, "")),
      Tasks(TaskTypeNames.Names) {}

std::vector<std::pair<std::string, std::string>>
StoredTaskCheck::options() const {
  return {{"ValueTaskTypes", TaskTypeNames.Raw},
          {"AllowedStorageTypes", AllowedStorageTypes.Raw}};
}

void StoredTaskCheck::registerMatchers(MatchFinder &Finder,
                                       MatchFinder::MatchCallback &Callback) {
  auto InUserCode = unless(isExpansionInSystemHeader());
  // Expressions are found top-down from their function, which decides
  // whether they belong to the task library.
  auto InFunction = [&](auto Inner) {
    return functionDecl(InUserCode, isDefinition(),
                        hasBody(forEachDescendant(Inner)))
        .bind("function");
  };
  auto Lambda = ignoringTransparent(lambdaExpr().bind("lambda"));
  Finder.addMatcher(
      InFunction(cxxOperatorCallExpr(hasOverloadedOperatorName("="),
                                     argumentCountIs(2))
                     .bind("assign")),
      &Callback);
  Finder.addMatcher(
      InFunction(cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName(
                                       "push_back", "push_front", "push",
                                       "emplace", "emplace_back",
                                       "emplace_front", "emplace_hint",
                                       "insert", "insert_or_assign",
                                       "try_emplace"))))
                     .bind("insert")),
      &Callback);
  Finder.addMatcher(InFunction(cxxNewExpr().bind("new")), &Callback);
  Finder.addMatcher(
      InFunction(callExpr(callee(functionDecl(hasAnyName(
                              "::std::make_unique", "::std::make_shared",
                              "::std::allocate_shared"))))
                     .bind("make")),
      &Callback);
  // Where a lambda escapes: returned, or turned into a type-erased callable.
  Finder.addMatcher(InFunction(returnStmt(hasReturnValue(Lambda))), &Callback);
  Finder.addMatcher(
      InFunction(cxxConstructExpr(hasType(isTypeErasedCallable()),
                                  hasArgument(0, Lambda))),
      &Callback);
  Finder.addMatcher(
      InFunction(cxxOperatorCallExpr(
          hasOverloadedOperatorName("="), argumentCountIs(2),
          hasArgument(0, hasType(isTypeErasedCallable())),
          hasArgument(1, Lambda))),
      &Callback);
  Finder.addMatcher(
      cxxConstructorDecl(InUserCode, forEachConstructorInitializer(
                                         cxxCtorInitializer(isWritten())
                                             .bind("init")))
          .bind("function"),
      &Callback);
  Finder.addMatcher(
      fieldDecl(InUserCode, hasInClassInitializer(expr())).bind("field"),
      &Callback);
  Finder.addMatcher(
      varDecl(InUserCode, hasGlobalStorage(), hasInitializer(expr()))
          .bind("global"),
      &Callback);
}

bool StoredTaskCheck::stores(QualType T, const FieldDecl *Member) const {
  // A reference member or global refers to a task; it holds none.
  if (T->isReferenceType() || !Tasks.holdsTask(T))
    return false;
  if (const NamedDecl *D = classTemplateOrClassOf(T);
      D && AllowedStorageTypes.Names.contains(*D))
    return false;
  if (!Member)
    return true;
  const auto *Owner = dyn_cast<CXXRecordDecl>(Member->getParent());
  return !Owner ||
         !AllowedStorageTypes.Names.contains(*classTemplateOrClassOf(*Owner));
}

void StoredTaskCheck::check(const MatchFinder::MatchResult &Result,
                            DiagnosticSink &Sink) {
  if (Result.Context->getDiagnostics().hasUncompilableErrorOccurred())
    return;
  const Decl *Owner = Result.Nodes.getNodeAs<Decl>("function");
  if (!Owner)
    Owner = Result.Nodes.getNodeAs<Decl>("field");
  if (!Owner)
    Owner = Result.Nodes.getNodeAs<Decl>("global");
  // The task library's own internals hold tasks by design.
  if (Owner && Tasks.isInTaskLibrary(*Owner))
    return;
  Reporter Report{Sink, *Result.SourceManager, ReportedLocations};
  const BoundNodes &N = Result.Nodes;
  if (const auto *Lambda = N.getNodeAs<LambdaExpr>("lambda"))
    return checkLambda(*Lambda, Report);
  if (const auto *Assign = N.getNodeAs<CXXOperatorCallExpr>("assign"))
    return checkAssignment(*Assign, Report);
  if (const auto *Insert = N.getNodeAs<CXXMemberCallExpr>("insert"))
    return checkContainerInsert(*Insert, Report);
  if (const auto *New = N.getNodeAs<CXXNewExpr>("new"))
    return checkAllocation(New->getAllocatedType(), New->getBeginLoc(), Report);
  if (const auto *Make = N.getNodeAs<CallExpr>("make"))
    return checkAllocation(Make->getType(), Make->getBeginLoc(), Report);
  if (const auto *Init = N.getNodeAs<CXXCtorInitializer>("init"))
    return checkInitializer(*Init, Report);
  if (const auto *Field = N.getNodeAs<FieldDecl>("field"))
    return checkDefaultMemberInit(*Field, Report);
  if (const auto *Var = N.getNodeAs<VarDecl>("global"))
    return checkGlobal(*Var, Report);
}

void StoredTaskCheck::checkAssignment(const CXXOperatorCallExpr &Assign,
                                      Reporter &Report) {
  const Expr *Target = Assign.getArg(0)->IgnoreParenImpCasts();
  if (makesEmptyTask(Assign.getArg(1)))
    return;
  // `v = 0`, `o = std::nullopt`: an optional or variant given a value that
  // is no task holds none.
  if (isStdClass(Target->getType(), {"optional", "variant"}) &&
      !Tasks.holdsTask(Assign.getArg(1)->getType()))
    return;
  if (const auto *Member = dyn_cast<MemberExpr>(Target)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    // A member of a local aggregate (`h.m = make()`) is local storage.
    if (Field && stores(Field->getType(), Field) && !isLocalContainer(Member))
      Report(Assign.getExprLoc(), "member " + quoted(*Field));
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Target)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->hasGlobalStorage() && stores(Var->getType()))
      Report(Assign.getExprLoc(), describeVariable(*Var));
  } else if (const auto *Index = dyn_cast<CXXOperatorCallExpr>(Target);
             Index && Index->getOperator() == OO_Subscript &&
             stores(Index->getArg(0)->getType()) &&
             !isLocalContainer(Index->getArg(0))) {
    Report(Assign.getExprLoc(), describeContainer(Index->getArg(0)));
  }
}

void StoredTaskCheck::checkInitializer(const CXXCtorInitializer &Init,
                                       Reporter &Report) {
  const FieldDecl *Field = Init.getMember();
  if (Field && stores(Field->getType(), Field) &&
      !makesEmptyTask(Init.getInit()))
    Report(Init.getSourceLocation(), "member " + quoted(*Field));
}

void StoredTaskCheck::checkDefaultMemberInit(const FieldDecl &Field,
                                             Reporter &Report) {
  const Expr *Init = Field.getInClassInitializer();
  if (Init && stores(Field.getType(), &Field) && !makesEmptyTask(Init))
    Report(Init->getBeginLoc(), "member " + quoted(Field));
}

void StoredTaskCheck::checkGlobal(const VarDecl &Var, Reporter &Report) {
  const Expr *Init = Var.getInit(); // null on a redeclaration
  if (!Init)
    return;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(skipTransparent(Init)))
    checkLambda(*Lambda, Report);
  if (stores(Var.getType()) && !makesEmptyTask(Init))
    Report(Var.getLocation(), describeVariable(Var));
}

void StoredTaskCheck::checkContainerInsert(const CXXMemberCallExpr &Call,
                                           Reporter &Report) {
  const Expr *Object = Call.getImplicitObjectArgument();
  if (Object && stores(Object->getType()) && !isLocalContainer(Object))
    Report(Call.getExprLoc(), describeContainer(Object));
}

void StoredTaskCheck::checkAllocation(QualType Allocated, SourceLocation Loc,
                                      Reporter &Report) {
  if (stores(Allocated))
    Report(Loc, "a heap allocation");
}

/// A lambda holding a task (by reference, or by an init-capture) that the
/// matchers found escaping: returned, converted to a type-erased callable,
/// or kept in a global. An immediately invoked lambda, or one kept in a
/// local, is fine.
void StoredTaskCheck::checkLambda(const LambdaExpr &Lambda, Reporter &Report) {
  bool HoldsTask = llvm::any_of(Lambda.captures(), [&](const LambdaCapture &C) {
    if (!C.capturesVariable())
      return false;
    const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!Var || !Tasks.holdsTask(Var->getType()))
      return false;
    return C.getCaptureKind() == LCK_ByRef || Var->isInitCapture();
  });
  if (HoldsTask)
    Report(Lambda.getBeginLoc(), "a lambda capture that escapes this function");
}

} // namespace valuetask
