//===- PreserveFix.cpp - share a task that is awaited twice ---------------===//

#include "PreserveFix.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace valuetask {

namespace {

bool isStdMove(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
         Callee->getName() == "move" && Call.getNumArgs() == 1;
}

/// `co_await std::move(t)`, exactly: the std::move call, or null.
const CallExpr *awaitedMove(const DeclRefExpr &Ref, ASTContext &Ctx) {
  const CallExpr *Move = nullptr;
  for (const DynTypedNode &P : Ctx.getParents(Ref)) {
    const auto *Call = P.get<CallExpr>();
    if (!Call || !isStdMove(*Call) || Call->getArg(0) != &Ref)
      return nullptr;
    Move = Call;
  }
  if (!Move)
    return nullptr;
  bool Awaited = false;
  for (const DynTypedNode &P : Ctx.getParents(*Move)) {
    // co_await refers to its operand a second time, in the call of its
    // operator co_await (or behind an OpaqueValueExpr).
    if (P.get<OpaqueValueExpr>())
      continue;
    if (const auto *Op = P.get<CXXOperatorCallExpr>();
        Op && Op->getOperator() == OO_Coawait)
      continue;
    // ... or in the promise's await_transform(operand).
    if (const auto *Transform = P.get<CXXMemberCallExpr>()) {
      const CXXMethodDecl *Method = Transform->getMethodDecl();
      if (Method && Method->getDeclName().isIdentifier() &&
          Method->getName() == "await_transform")
        continue;
    }
    const auto *Await = P.get<CoawaitExpr>();
    if (!Await || Await->getOperand()->IgnoreParens() != Move)
      return nullptr;
    Awaited = true;
  }
  return Awaited ? Move : nullptr;
}

void collectReferences(const Stmt &S, const VarDecl &Var,
                       llvm::SmallVectorImpl<const DeclRefExpr *> &Out) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(&S); Ref && Ref->getDecl() == &Var)
    if (!llvm::is_contained(Out, Ref))
      Out.push_back(Ref);
  for (const Stmt *Child : S.children())
    if (Child)
      collectReferences(*Child, Var, Out);
}

/// Whether `co_await` of a shared_task<T> (which yields `const T&`) can
/// stand where `co_await` of a value_task<T> (which yields `T`) stood.
bool valueCanBeCopied(QualType Task) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Task->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() < 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  QualType Value = Spec->getTemplateArgs()[0].getAsType();
  if (Value->isVoidType() || Value->isScalarType())
    return true;
  const CXXRecordDecl *Record = Value->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return false;
  if (Record->needsImplicitCopyConstructor())
    return !Record->defaultedCopyConstructorIsDeleted();
  return llvm::any_of(Record->ctors(), [](const CXXConstructorDecl *Ctor) {
    return Ctor->isCopyConstructor() && !Ctor->isDeleted() &&
           Ctor->getAccess() != AS_private && Ctor->getAccess() != AS_protected;
  });
}

} // namespace

llvm::SmallVector<FixItHint, 4> preserveFix(const Expr &Use,
                                            const FunctionDecl &Function,
                                            ASTContext &Ctx) {
  const auto *UseRef = dyn_cast<DeclRefExpr>(Use.IgnoreParenImpCasts());
  const auto *Var = UseRef ? dyn_cast<VarDecl>(UseRef->getDecl()) : nullptr;
  if (!Var || !Var->isLocalVarDecl() || !Var->getTypeSourceInfo() ||
      Function.getTemplateInstantiationPattern() || Function.isTemplated())
    return {};
  // `auto t = f();`: plain auto, the only variable of its declaration.
  const auto *Auto = dyn_cast<AutoType>(
      Var->getTypeSourceInfo()->getType().getTypePtr());
  if (!Auto || Auto->isDecltypeAuto() ||
      Var->getTypeSourceInfo()->getType().hasQualifiers() ||
      !valueCanBeCopied(Var->getType()))
    return {};
  for (const DynTypedNode &P : Ctx.getParents(*Var))
    if (const auto *Decl = P.get<DeclStmt>(); !Decl || !Decl->isSingleDecl())
      return {};
  const auto *Init = dyn_cast_or_null<CallExpr>(
      Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr);
  if (!Init || isa<CXXOperatorCallExpr>(Init) || isStdMove(*Init) ||
      Init->getBeginLoc().isMacroID() || Init->getEndLoc().isMacroID())
    return {};

  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
  collectReferences(*Function.getBody(), *Var, Refs);
  llvm::SmallVector<FixItHint, 4> Fixes;
  const SourceManager &SM = Ctx.getSourceManager();
  Fixes.push_back(FixItHint::CreateInsertion(
      Lexer::getLocForEndOfToken(Init->getEndLoc(), 0, SM, Ctx.getLangOpts()),
      ".preserve()"));
  for (const DeclRefExpr *Ref : Refs) {
    const CallExpr *Move = awaitedMove(*Ref, Ctx);
    if (!Move || Move->getBeginLoc().isMacroID() ||
        Move->getEndLoc().isMacroID())
      return {};
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Move->getSourceRange()),
        Var->getName()));
  }
  return Fixes;
}

} // namespace valuetask
