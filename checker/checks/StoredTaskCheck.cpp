//===- StoredTaskCheck.cpp - valuetask-stored-task ------------------------===//

#include "StoredTaskCheck.h"
#include "../analysis/Places.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace valuetask {

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
  if (Var.isStaticDataMember())
    return "static member " + quoted(Var);
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

bool isStdClass(QualType T, std::initializer_list<llvm::StringRef> Names) {
  const NamedDecl *D = classTemplateOrClassOf(T.getNonReferenceType());
  return D && D->isInStdNamespace() && D->getIdentifier() &&
         llvm::is_contained(Names, D->getName());
}

/// `std::function` and its C++23 siblings: made to be kept.
bool isTypeErasedCallable(QualType T) {
  return isStdClass(T, {"function", "move_only_function", "copyable_function"});
}

/// A lambda written as \p E (through parentheses and conversions).
const LambdaExpr *lambdaIn(const Expr *E) {
  return E ? dyn_cast<LambdaExpr>(skipTransparent(E)) : nullptr;
}

bool isNamed(const NamedDecl *D, std::initializer_list<llvm::StringRef> Names) {
  return D && D->getIdentifier() && llvm::is_contained(Names, D->getName());
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
  const TaskTypes &Tasks;
  llvm::DenseSet<unsigned> &Reported;

  /// \p Stored is the type of what holds the task there.
  void operator()(SourceLocation Loc, llvm::StringRef Where, QualType Stored) {
    Loc = SM.getFileLoc(Loc); // a macro's expansion site, where NOLINT works
    if (!Reported.insert(Loc.getRawEncoding()).second)
      return;
    Sink.diag(Loc, "task is stored in %0, where it can be awaited late or "
                   "more than once; await it where it is made%select{|, or "
                   "store the shared_task from preserve()}1")
        << Where << TaskTypes::canPreserve(Tasks.heldTask(Stored));
  }
};

StoredTaskCheck::StoredTaskCheck(const OptionReader &Options)
    : TaskCheck(Options,
                FunctionDefinitions | InitializedFields | InitializedGlobals),
      AllowedStorageTypes(readNameListOption(Options, "AllowedStorageTypes",
                                             /*AlsoGlobal=*/false, "")) {}

std::vector<std::pair<std::string, std::string>>
StoredTaskCheck::options() const {
  return {{"ValueTaskTypes", TaskTypeNames.Raw},
          {"AllowedStorageTypes", AllowedStorageTypes.Raw}};
}

StoredTaskCheck::Reporter StoredTaskCheck::reporter(ASTContext &Ctx,
                                                    DiagnosticSink &Sink) {
  return Reporter{Sink, Ctx.getSourceManager(), Tasks, ReportedLocations};
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

/// Every store a function body makes, found in one walk of its statements
/// (lambdas' bodies included: a store there is made by this code too).
class StoredTaskCheck::BodyWalker
    : public ConstStmtVisitor<StoredTaskCheck::BodyWalker> {
public:
  BodyWalker(StoredTaskCheck &Check, Reporter &Report)
      : Check(Check), Report(Report) {}

  void walk(const Stmt *S) {
    if (!S)
      return;
    Visit(S);
    for (const Stmt *Child : S->children())
      walk(Child);
  }

  void VisitCXXOperatorCallExpr(const CXXOperatorCallExpr *Call) {
    if (Call->getOperator() != OO_Equal || Call->getNumArgs() != 2)
      return;
    Check.checkAssignment(*Call, Report);
    if (isTypeErasedCallable(Call->getArg(0)->getType()))
      escapes(Call->getArg(1));
  }

  void VisitCXXMemberCallExpr(const CXXMemberCallExpr *Call) {
    if (isNamed(Call->getMethodDecl(),
                {"push_back", "push_front", "push", "emplace", "emplace_back",
                 "emplace_front", "emplace_hint", "insert", "insert_or_assign",
                 "try_emplace"}))
      Check.checkContainerInsert(*Call, Report);
  }

  void VisitCallExpr(const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() &&
        isNamed(Callee, {"make_unique", "make_shared", "allocate_shared"}))
      Check.checkAllocation(Call->getType(), Call->getBeginLoc(), Report);
  }

  void VisitCXXNewExpr(const CXXNewExpr *New) {
    Check.checkAllocation(New->getAllocatedType(), New->getBeginLoc(), Report);
  }

  // Where a lambda escapes: returned, or turned into a type-erased callable.
  void VisitReturnStmt(const ReturnStmt *Return) {
    escapes(Return->getRetValue());
  }

  void VisitCXXConstructExpr(const CXXConstructExpr *Construct) {
    if (Construct->getNumArgs() > 0 &&
        isTypeErasedCallable(Construct->getType()))
      escapes(Construct->getArg(0));
  }

private:
  void escapes(const Expr *E) {
    if (const LambdaExpr *Lambda = lambdaIn(E))
      Check.checkLambda(*Lambda, Report);
  }

  StoredTaskCheck &Check;
  Reporter &Report;
};

void StoredTaskCheck::checkFunction(const FunctionDecl &Function,
                                    ASTContext &Ctx, DiagnosticSink &Sink) {
  Reporter Report = reporter(Ctx, Sink);
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(&Function))
    for (const CXXCtorInitializer *Init : Constructor->inits())
      if (Init->isWritten())
        checkInitializer(*Init, Report);
  BodyWalker(*this, Report).walk(Function.getBody());
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
      Report(Assign.getExprLoc(), "member " + quoted(*Field), Field->getType());
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Target)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->hasGlobalStorage() && stores(Var->getType()))
      Report(Assign.getExprLoc(), describeVariable(*Var), Var->getType());
  } else if (const auto *Index = dyn_cast<CXXOperatorCallExpr>(Target);
             Index && Index->getOperator() == OO_Subscript &&
             stores(Index->getArg(0)->getType()) &&
             !isLocalContainer(Index->getArg(0))) {
    Report(Assign.getExprLoc(), describeContainer(Index->getArg(0)),
           Index->getArg(0)->getType());
  }
}

void StoredTaskCheck::checkInitializer(const CXXCtorInitializer &Init,
                                       Reporter &Report) {
  const FieldDecl *Field = Init.getMember();
  if (Field && stores(Field->getType(), Field) &&
      !makesEmptyTask(Init.getInit()))
    Report(Init.getSourceLocation(), "member " + quoted(*Field), Field->getType());
}

void StoredTaskCheck::checkField(const FieldDecl &Field, ASTContext &Ctx,
                                 DiagnosticSink &Sink) {
  Reporter Report = reporter(Ctx, Sink);
  const Expr *Init = Field.getInClassInitializer();
  if (Init && stores(Field.getType(), &Field) && !makesEmptyTask(Init))
    Report(Init->getBeginLoc(), "member " + quoted(Field), Field.getType());
}

void StoredTaskCheck::checkGlobal(const VarDecl &Var, ASTContext &Ctx,
                                  DiagnosticSink &Sink) {
  Reporter Report = reporter(Ctx, Sink);
  const Expr *Init = Var.getInit();
  if (const auto *Lambda = dyn_cast<LambdaExpr>(skipTransparent(Init)))
    checkLambda(*Lambda, Report);
  if (stores(Var.getType()) && !makesEmptyTask(Init))
    Report(Var.getLocation(), describeVariable(Var), Var.getType());
}

void StoredTaskCheck::checkContainerInsert(const CXXMemberCallExpr &Call,
                                           Reporter &Report) {
  const Expr *Object = Call.getImplicitObjectArgument();
  if (Object && stores(Object->getType()) && !isLocalContainer(Object))
    Report(Call.getExprLoc(), describeContainer(Object), Object->getType());
}

void StoredTaskCheck::checkAllocation(QualType Allocated, SourceLocation Loc,
                                      Reporter &Report) {
  if (stores(Allocated))
    Report(Loc, "a heap allocation", Allocated);
}

/// A lambda holding a task (by reference, or by an init-capture) that the
/// matchers found escaping: returned, converted to a type-erased callable,
/// or kept in a global. An immediately invoked lambda, or one kept in a
/// local, is fine.
void StoredTaskCheck::checkLambda(const LambdaExpr &Lambda, Reporter &Report) {
  for (const LambdaCapture &C : Lambda.captures()) {
    const auto *Var = C.capturesVariable()
                          ? dyn_cast<VarDecl>(C.getCapturedVar())
                          : nullptr;
    if (Var && Tasks.holdsTask(Var->getType()) &&
        (C.getCaptureKind() == LCK_ByRef || Var->isInitCapture()))
      return Report(Lambda.getBeginLoc(),
                    "a lambda capture that escapes this function",
                    Var->getType());
  }
}

} // namespace valuetask
