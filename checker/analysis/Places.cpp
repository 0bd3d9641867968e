//===- Places.cpp - the task objects one function works on ----------------===//

#include "Places.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace valuetask {

namespace {

// Keys of the steps that are not fields.
const char IndexStep = 0, OptionalValueStep = 0, DerefStep = 0;

bool isStdClass(QualType T, llvm::StringRef Name) {
  const NamedDecl *D = classTemplateOrClassOf(T);
  return D && D->isInStdNamespace() && D->getName() == Name;
}

std::optional<int64_t> constantIndex(const Expr *E) {
  if (const auto *Literal = dyn_cast<IntegerLiteral>(E->IgnoreParenImpCasts()))
    return Literal->getValue().getLimitedValue(INT64_MAX);
  return std::nullopt;
}

} // namespace

bool isMoveLikeCall(const CallExpr &Call) {
  const auto *Callee = Call.getDirectCallee();
  if (!Callee || Call.getNumArgs() != 1 || !Callee->isInStdNamespace() ||
      !Callee->getIdentifier())
    return false;
  return Callee->getName() == "move" || Callee->getName() == "forward";
}

const Expr *skipTransparent(const Expr *E) {
  for (;;) {
    const Expr *Inner = E->IgnoreParens()->IgnoreImplicit();
    if (const auto *Call = dyn_cast<CallExpr>(Inner); Call && isMoveLikeCall(*Call))
      Inner = Call->getArg(0);
    else if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Inner);
             Cast && Cast->getTypeAsWritten()->isReferenceType())
      Inner = Cast->getSubExpr();
    if (Inner == E)
      return E;
    E = Inner;
  }
}

std::string writtenName(const Expr *E) {
  E = skipTransparent(E);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const Expr *Base = skipTransparent(Member->getBase());
    std::string Name = Member->getMemberDecl()->getNameAsString();
    if (isa<CXXThisExpr>(Base) || Member->getMemberDecl()->getDeclName().isEmpty())
      return Name;
    std::string Outer = writtenName(Base);
    return Outer.empty() ? Name
                         : Outer + (Member->isArrow() ? "->" : ".") + Name;
  }
  if (const auto *Index = dyn_cast<ArraySubscriptExpr>(E))
    if (auto I = constantIndex(Index->getIdx()))
      return writtenName(Index->getBase()) + "[" + std::to_string(*I) + "]";
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
      if (auto I = constantIndex(Op->getArg(1)))
        return writtenName(Op->getArg(0)) + "[" + std::to_string(*I) + "]";
    if (Op->getOperator() == OO_Star && Op->getNumArgs() == 1)
      return "*" + writtenName(Op->getArg(0));
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    return "*" + writtenName(Unary->getSubExpr());
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E))
    if (const auto *Method = Call->getMethodDecl();
        Method && Method->getIdentifier() && Method->getName() == "value")
      return writtenName(Call->getImplicitObjectArgument()) + ".value()";
  return "";
}

bool PlaceTable::isTracked(QualType T) const {
  // A reference parameter's object (`holder &s`: `s.m`) is tracked too.
  return !T.isNull() && Tasks.holdsTask(T.getNonReferenceType());
}

std::optional<PlaceId> PlaceTable::root(const ValueDecl *D, bool Create,
                                        bool IsTask) {
  if (auto It = Roots.find(D); It != Roots.end())
    return It->second;
  if (!Create)
    return std::nullopt;
  PlaceId Id = Places.size();
  Places.push_back({D, std::nullopt, IsTask, D == nullptr,
                    D ? D->getType().getNonReferenceType() : QualType()});
  Kids.emplace_back();
  Roots[D] = Id;
  return Id;
}

std::optional<PlaceId> PlaceTable::child(std::optional<PlaceId> Parent,
                                         const void *Key, int64_t Index,
                                         QualType T, bool Create) {
  if (!Parent || !isTracked(T))
    return std::nullopt;
  Step S{*Parent, Key, Index};
  if (auto It = Children.find(S); It != Children.end())
    return It->second;
  if (!Create)
    return std::nullopt;
  PlaceId Id = Places.size();
  Places.push_back({Places[*Parent].Root, Parent, Tasks.isTask(T),
                    Places[*Parent].InThis, T.getNonReferenceType()});
  Kids.emplace_back();
  Kids[*Parent].push_back(Id);
  Children[S] = Id;
  return Id;
}

std::optional<PlaceId> PlaceTable::placeOfVariable(const VarDecl &D) {
  if (isAlias(D) || !D.hasLocalStorage() || !isTracked(D.getType()))
    return std::nullopt;
  return root(&D, /*Create=*/true, Tasks.isTask(D.getType()));
}

std::optional<PlaceId> PlaceTable::lookup(const Expr *E, bool Create) {
  E = skipTransparent(E);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl()))
      return Binding->getBinding() ? lookup(Binding->getBinding(), Create)
                                   : std::nullopt;
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return std::nullopt;
    if (auto It = References.find(Var); It != References.end())
      return It->second;
    if (!Var->hasLocalStorage() || !isTracked(Var->getType()))
      return std::nullopt; // globals and statics: valuetask-stored-task
    return root(Var, Create, Tasks.isTask(Var->getType()));
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    const Expr *Base = skipTransparent(Member->getBase());
    std::optional<PlaceId> Parent;
    if (isa<CXXThisExpr>(Base)) {
      if (!This && Create)
        This = root(nullptr, true, false);
      Parent = This;
    } else if (Member->isArrow()) {
      Parent = lookupPointee(Base, Create);
    } else {
      Parent = lookup(Base, Create);
    }
    return child(Parent, Field, 0, Field->getType(), Create);
  }
  if (const auto *Index = dyn_cast<ArraySubscriptExpr>(E)) {
    std::optional<int64_t> I = constantIndex(Index->getIdx());
    if (!I || !Index->getBase()->IgnoreParenImpCasts()->getType()->isArrayType())
      return std::nullopt;
    return child(lookup(Index->getBase(), Create), &IndexStep, *I,
                 Index->getType(), Create);
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    return lookupPointee(Unary->getSubExpr(), Create);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
      if (std::optional<int64_t> I = constantIndex(Op->getArg(1)))
        return child(lookup(Op->getArg(0), Create), &IndexStep, *I,
                     Op->getType(), Create);
    if (Op->getOperator() == OO_Star && Op->getNumArgs() == 1 &&
        isStdClass(Op->getArg(0)->getType(), "optional"))
      return child(lookup(Op->getArg(0), Create), &OptionalValueStep, 0,
                   Op->getType(), Create);
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (Method && Object && Method->getIdentifier() &&
        Method->getName() == "value" &&
        isStdClass(Object->getType(), "optional"))
      return child(lookup(Object, Create), &OptionalValueStep, 0,
                   Call->getType(), Create);
  }
  return std::nullopt;
}

std::optional<PlaceId> PlaceTable::lookupPointee(const Expr *Pointer,
                                                 bool Create) {
  const auto *Ref = dyn_cast<DeclRefExpr>(skipTransparent(Pointer));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->getType()->isPointerType())
    return std::nullopt;
  if (auto It = Pointers.find(Var); It != Pointers.end())
    return It->second;
  // A pointer parameter: its target is an object of the caller's.
  if (!isa<ParmVarDecl>(Var))
    return std::nullopt;
  QualType Pointee = Var->getType()->getPointeeType();
  if (!isTracked(Pointee))
    return std::nullopt;
  std::optional<PlaceId> Root = root(Var, Create, false);
  return child(Root, &DerefStep, 0, Pointee, Create);
}

std::optional<PlaceId> PlaceTable::placeOf(const Expr *E) {
  return lookup(E, /*Create=*/true);
}

std::optional<PlaceId> PlaceTable::findPlaceOf(const Expr *E) const {
  return const_cast<PlaceTable *>(this)->lookup(E, /*Create=*/false);
}

void PlaceTable::addReferenceAlias(const VarDecl &Reference, PlaceId Target) {
  References[&Reference] = Target;
}

void PlaceTable::addPointerAlias(const VarDecl &Pointer, PlaceId Target) {
  Pointers[&Pointer] = Target;
}

std::optional<PlaceId> PlaceTable::pointee(const VarDecl &Pointer) const {
  if (auto It = Pointers.find(&Pointer); It != Pointers.end())
    return It->second;
  return std::nullopt;
}

llvm::SmallVector<PlaceId, 4> PlaceTable::subtree(PlaceId Id) const {
  llvm::SmallVector<PlaceId, 4> Result{Id};
  for (size_t I = 0; I < Result.size(); ++I)
    Result.append(Kids[Result[I]].begin(), Kids[Result[I]].end());
  return Result;
}

llvm::SmallVector<PlaceId, 4> PlaceTable::placesInThis() const {
  llvm::SmallVector<PlaceId, 4> Result;
  for (PlaceId P = 0; P < Places.size(); ++P)
    if (Places[P].InThis)
      Result.push_back(P);
  return Result;
}

} // namespace valuetask
