//===- PreserveFix.cpp - share a task that is awaited twice ---------------===//

#include "PreserveFix.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace valuetask {

namespace {

bool isStdMove(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
         Callee->getName() == "move" && Call.getNumArgs() == 1;
}

/// What the body does with one local: its declaration, the std::move
/// calls of `co_await std::move(t)` written exactly so, and every other
/// reference to it. Found top-down: a co_await's operand is reached again
/// through its operator co_await, await_transform and OpaqueValueExprs,
/// which refer to the same nodes.
struct UsesOf {
  explicit UsesOf(const VarDecl &Var) : Var(Var) {}
  const VarDecl &Var;
  const DeclStmt *Declaration = nullptr;
  llvm::SmallPtrSet<const DeclRefExpr *, 4> Awaited, All;
  llvm::SmallVector<const CallExpr *, 4> Moves;

  void collect(const Stmt &S) {
    if (const auto *Decl = dyn_cast<DeclStmt>(&S);
        Decl && llvm::is_contained(Decl->decls(), &Var))
      Declaration = Decl;
    if (const auto *Await = dyn_cast<CoawaitExpr>(&S))
      if (const auto *Move =
              dyn_cast<CallExpr>(Await->getOperand()->IgnoreParens());
          Move && isStdMove(*Move))
        if (const auto *Ref = dyn_cast<DeclRefExpr>(Move->getArg(0));
            Ref && Ref->getDecl() == &Var && Awaited.insert(Ref).second)
          Moves.push_back(Move);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(&S); Ref && Ref->getDecl() == &Var)
      All.insert(Ref);
    for (const Stmt *Child : S.children())
      if (Child)
        collect(*Child);
  }
};

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
  UsesOf Uses(*Var);
  Uses.collect(*Function.getBody());
  if (!Uses.Declaration || !Uses.Declaration->isSingleDecl())
    return {};
  // Every use must be `co_await std::move(t)`.
  if (llvm::any_of(Uses.All, [&](const DeclRefExpr *Ref) {
        return !Uses.Awaited.count(Ref);
      }))
    return {};
  const auto *Init = dyn_cast_or_null<CallExpr>(
      Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr);
  if (!Init || isa<CXXOperatorCallExpr>(Init) || isStdMove(*Init) ||
      Init->getBeginLoc().isMacroID() || Init->getEndLoc().isMacroID())
    return {};

  llvm::SmallVector<FixItHint, 4> Fixes;
  const SourceManager &SM = Ctx.getSourceManager();
  Fixes.push_back(FixItHint::CreateInsertion(
      Lexer::getLocForEndOfToken(Init->getEndLoc(), 0, SM, Ctx.getLangOpts()),
      ".preserve()"));
  for (const CallExpr *Move : Uses.Moves) {
    if (Move->getBeginLoc().isMacroID() || Move->getEndLoc().isMacroID())
      return {};
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Move->getSourceRange()),
        Var->getName()));
  }
  return Fixes;
}

} // namespace valuetask
