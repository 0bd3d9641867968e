//===- Transfer.cpp - CFG elements to events on places --------------------===//

#include "Transfer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/StmtVisitor.h"

using namespace clang;

namespace valuetask {

namespace {

const Stmt *userBodyOf(const FunctionDecl &FD) {
  const Stmt *Body = FD.getBody();
  if (const auto *Coroutine = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    return Coroutine->getBody(); // without the implicit initial/final awaits
  return Body;
}

/// Whether \p S declares or names a tracked object at all: most functions
/// do not, and they get no CFG.
bool mentionsTask(const Stmt &S, const TaskTypes &Tasks) {
  if (const auto *E = dyn_cast<Expr>(&S);
      E && isa<DeclRefExpr, MemberExpr>(E) && Tasks.holdsTask(E->getType()))
    return true;
  // A declaration usually comes first, long before a use.
  if (const auto *Declaration = dyn_cast<DeclStmt>(&S))
    for (const Decl *D : Declaration->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Tasks.holdsTask(Var->getType()))
        return true;
  for (const Stmt *Child : S.children())
    if (Child && mentionsTask(*Child, Tasks))
      return true;
  return false;
}

bool isStdFunction(const FunctionDecl *F, llvm::StringRef Name) {
  return F && F->isInStdNamespace() && F->getIdentifier() &&
         F->getName() == Name;
}

/// `std::ranges::swap(a, b)`: a call of a customisation-point object.
bool isRangesSwap(const Expr *Callee) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Callee->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  // The object sits in an inline namespace (libstdc++'s _Cpo, libc++'s
  // __cpo), which the qualified name leaves out.
  return Var && Var->getIdentifier() && Var->getName() == "swap" &&
         Var->getQualifiedNameAsString() == "std::ranges::swap";
}

bool isBoolLocal(const VarDecl *Var) {
  return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
         Var->getType()->isBooleanType();
}

/// The local `bool` \p E names, if it does.
const VarDecl *boolLocalOf(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return isBoolLocal(Var) ? Var : nullptr;
}

/// Where control leaves a scope because of \p Trigger.
SourceLocation exitLocation(const Stmt *Trigger) {
  if (!Trigger)
    return {};
  if (const auto *Compound = dyn_cast<CompoundStmt>(Trigger))
    return Compound->getRBracLoc();
  if (isa<ReturnStmt, CoreturnStmt, CXXThrowExpr, BreakStmt, ContinueStmt,
          GotoStmt>(Trigger))
    return Trigger->getBeginLoc();
  return Trigger->getEndLoc();
}

/// How binding a task to a parameter of type \p Param treats it.
enum class Binding { Observes, Consumes, Writes };

Binding bindingOf(QualType Param, bool IsTask) {
  if (!Param->isReferenceType())
    return Binding::Consumes;
  if (Param.getNonReferenceType().isConstQualified())
    return Binding::Observes;
  if (Param->isRValueReferenceType())
    return Binding::Consumes;
  // A non-const lvalue reference: a task handed over; a container changed.
  return IsTask ? Binding::Consumes : Binding::Writes;
}

/// The parameter types of what \p Call calls, when known.
const FunctionProtoType *calleeProto(const CallExpr &Call) {
  QualType T = Call.getCallee()->getType();
  if (const auto *Pointer = T->getAs<PointerType>())
    T = Pointer->getPointeeType();
  else if (const auto *Ref = T->getAs<ReferenceType>())
    T = Ref->getPointeeType();
  return T->getAs<FunctionProtoType>();
}

} // namespace

/// A lambda that consumes places it captures by reference.
struct LambdaEffect {
  llvm::SmallVector<PlaceId, 2> Consumed;
  llvm::SmallVector<PlaceId, 2> Written; // assigned a new value
};

class TransferVisitor : public ConstStmtVisitor<TransferVisitor> {
public:
  TransferVisitor(FunctionEvents &Out, const TransferOptions &Options)
      : Out(Out), Places(Out.Places), Options(Options) {}

  void run();

  void VisitDeclStmt(const DeclStmt *S);
  void VisitCoawaitExpr(const CoawaitExpr *E);
  void VisitCallExpr(const CallExpr *E);
  void VisitCXXConstructExpr(const CXXConstructExpr *E);
  void VisitUnaryOperator(const UnaryOperator *E);
  void VisitBinaryOperator(const BinaryOperator *E);
  void VisitLambdaExpr(const LambdaExpr *E);
  void VisitReturnStmt(const ReturnStmt *S) { returned(S->getRetValue()); }
  void VisitCoreturnStmt(const CoreturnStmt *S) { returned(S->getOperand()); }

private:
  void collectAliases();
  void emit(Event E) { Current->push_back(E); }
  std::string nameOf(PlaceId P) const {
    const ValueDecl *Root = Places[P].Root;
    return Root ? Root->getNameAsString() : "";
  }
  std::optional<unsigned> consume(const Expr *Arg, ConsumptionKind Kind,
                                  const NamedDecl *Receiver,
                                  const Expr *Use = nullptr);
  void reset(PlaceId P, const Expr *Value = nullptr) {
    Event E{Event::Reset, P};
    E.Value = Value;
    emit(E);
  }
  void boolWrite(const VarDecl *Var, const Expr *Value) {
    Event E{Event::BoolWrite};
    E.Var = Var;
    E.Value = Value;
    emit(E);
  }
  void exitAt(const Event::KindT Kind, PlaceId P, SourceLocation Loc) {
    Event E{Kind, P};
    E.Loc = Loc;
    emit(E);
  }
  void addExit(const CFGBlock &Block);
  void lambdaCall(const LambdaEffect &Effect, const Expr *Use,
                  ConsumptionKind Kind, const NamedDecl *Receiver);
  void argument(const Expr *Arg, Binding B, const NamedDecl *Receiver);
  void memberCall(const CXXMemberCallExpr &Call);
  void assignment(const CXXOperatorCallExpr &Op);
  bool specialCall(const CallExpr &Call);
  void callOfLambda(const Expr *Callee, const Expr *Use);
  void returned(const Expr *Value);
  std::optional<unsigned> pendingConstruction(const Expr *Arg);
  const LambdaEffect *lambdaOf(const Expr *Callee);
  LambdaEffect effectOf(const LambdaExpr &Lambda);

  FunctionEvents &Out;
  PlaceTable &Places;
  const TransferOptions &Options;
  std::vector<Event> *Current = nullptr;
  unsigned CurrentBlock = 0;
  // Uses already consumed (co_await's operand is reached twice).
  llvm::DenseSet<const Expr *> ConsumedUses;
  // Move constructions awaiting the receiver that names them.
  llvm::DenseMap<const Expr *, unsigned> Constructions;
  llvm::DenseMap<const VarDecl *, LambdaEffect> LambdaVariables;
  llvm::DenseSet<const LambdaExpr *> BoundLambdas; // named or called at once
  llvm::DenseSet<const Expr *> AliasInitializers;
  // The objects co_awaits consume: consumed where the object is evaluated,
  // before the calls of the await protocol that may throw.
  llvm::DenseSet<const Expr *> AwaitedObjects;
};

void TransferVisitor::run() {
  collectAliases();
  const CFG &Graph = *Out.Graph;
  Out.BlockEvents.resize(Graph.getNumBlockIDs());
  // In reverse post-order: a declaration (of a lambda, a pending move
  // construction's receiver) is seen before the blocks it dominates.
  for (const CFGBlock *Block : Out.Order->Blocks) {
    Current = &Out.BlockEvents[Block->getBlockID()];
    CurrentBlock = Block->getBlockID();
    for (const CFGElement &Element : *Block) {
      if (auto S = Element.getAs<CFGStmt>()) {
        if (const auto *E = dyn_cast<Expr>(S->getStmt());
            E && AwaitedObjects.count(E))
          consume(E, ConsumptionKind::Await, nullptr);
        Visit(S->getStmt());
      } else if (auto End = Element.getAs<CFGLifetimeEnds>()) {
        const VarDecl *Var = End->getVarDecl();
        if (!Var)
          continue;
        if (isBoolLocal(Var))
          boolWrite(Var, nullptr);
        else if (std::optional<PlaceId> P = Places.placeOfVariable(*Var))
          exitAt(Event::ScopeEnd, *P, exitLocation(End->getTriggerStmt()));
      }
    }
    addExit(*Block);
  }
}

/// A block that leaves the function (not by an exception edge, nor through
/// a call that does not return) ends with an Exit event.
void TransferVisitor::addExit(const CFGBlock &Block) {
  const CFG &Graph = *Out.Graph;
  if (&Block == &Graph.getEntry())
    return;
  bool Leaves = false;
  unsigned Index = 0;
  for (const CFGBlock *Succ : Block.succs()) {
    unsigned SuccIndex = Index++;
    if (Succ == &Graph.getExit() && !isExceptionEdge(Block, SuccIndex))
      Leaves = true;
  }
  if (!Leaves)
    return;
  const Stmt *Last = nullptr, *LastExit = nullptr;
  for (const CFGElement &Element : Block)
    if (auto S = Element.getAs<CFGStmt>()) {
      Last = S->getStmt();
      if (isa<ReturnStmt, CoreturnStmt, CXXThrowExpr>(Last))
        LastExit = Last;
    }
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Last);
      !LastExit && Call && Call->getDirectCallee() &&
      Call->getDirectCallee()->isNoReturn())
    return; // the program ends here: nothing is dropped
  SourceLocation Loc;
  if (LastExit)
    Loc = exitLocation(LastExit);
  else if (const auto *Body =
               dyn_cast_or_null<CompoundStmt>(userBodyOf(*Out.Function)))
    Loc = Body->getRBracLoc();
  else
    Loc = Out.Function->getEndLoc();
  exitAt(Event::Exit, 0, Loc);
}

/// References and pointers whose target is known, found before the events
/// so that every use of them already names the target. A pointer is an
/// alias only if it is never re-pointed.
void TransferVisitor::collectAliases() {
  llvm::DenseSet<const VarDecl *> Repointed;
  llvm::SmallVector<std::pair<const VarDecl *, const Expr *>, 4> Candidates;
  for (const CFGBlock *Block : *Out.Graph)
    for (const CFGElement &Element : *Block) {
      auto S = Element.getAs<CFGStmt>();
      if (!S)
        continue;
      const Stmt *St = S->getStmt();
      if (const auto *Await = dyn_cast<CoawaitExpr>(St))
        AwaitedObjects.insert(skipTransparent(Await->getOperand()));
      if (const auto *Assign = dyn_cast<BinaryOperator>(St);
          Assign && Assign->isAssignmentOp())
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
            Repointed.insert(Var);
      if (const auto *Unary = dyn_cast<UnaryOperator>(St);
          Unary && Unary->getOpcode() == UO_AddrOf)
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(Unary->getSubExpr()->IgnoreParenImpCasts()))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
            Repointed.insert(Var); // a pointer to the pointer
      if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(St);
          Call && Call->getOperator() == OO_Call && Call->getNumArgs() > 0)
        if (const auto *Lambda =
                dyn_cast<LambdaExpr>(skipTransparent(Call->getArg(0))))
          BoundLambdas.insert(Lambda);
      const auto *Decl = dyn_cast<DeclStmt>(St);
      if (!Decl)
        continue;
      for (const auto *D : Decl->decls()) {
        const auto *Var = dyn_cast<VarDecl>(D);
        if (!Var || !Var->getInit())
          continue;
        const Expr *Init = skipTransparent(Var->getInit());
        if (const auto *Lambda = dyn_cast<LambdaExpr>(Init);
            Lambda && Var->hasLocalStorage())
          BoundLambdas.insert(Lambda);
        if (Var->getType()->isReferenceType()) {
          if (std::optional<PlaceId> P = Places.placeOf(Init))
            Places.addReferenceAlias(*Var, *P);
        } else if (Var->getType()->isPointerType()) {
          Candidates.push_back({Var, Init});
        }
      }
    }
  for (auto [Var, Init] : Candidates) {
    const auto *Unary = dyn_cast<UnaryOperator>(Init);
    if (Repointed.count(Var) || !Unary || Unary->getOpcode() != UO_AddrOf)
      continue;
    if (std::optional<PlaceId> P = Places.placeOf(Unary->getSubExpr())) {
      Places.addPointerAlias(*Var, *P);
      AliasInitializers.insert(Unary);
    }
  }
}

std::optional<unsigned> TransferVisitor::consume(const Expr *Arg,
                                                 ConsumptionKind Kind,
                                                 const NamedDecl *Receiver,
                                                 const Expr *Use) {
  const Expr *Object = skipTransparent(Arg);
  std::optional<PlaceId> P = Places.placeOf(Object);
  if (!P)
    return std::nullopt;
  if (!Use) {
    Use = Object;
    if (!ConsumedUses.insert(Object).second)
      return std::nullopt;
  }
  unsigned Index = Out.Consumptions.size();
  Out.Consumptions.push_back(
      {Use, *P, Kind, Receiver, writtenName(Object)});
  Out.ConsumptionBlocks.push_back(CurrentBlock);
  emit({Event::Consume, *P, Index});
  return Index;
}

/// The consumption a move construction into a temporary made of \p Arg,
/// which its receiver now names.
std::optional<unsigned> TransferVisitor::pendingConstruction(const Expr *Arg) {
  const Expr *E = Arg->IgnoreParens()->IgnoreImplicit();
  auto It = Constructions.find(E);
  if (It == Constructions.end())
    return std::nullopt;
  unsigned Index = It->second;
  Constructions.erase(It);
  return Index;
}

void TransferVisitor::VisitDeclStmt(const DeclStmt *S) {
  for (const auto *D : S->decls()) {
    const auto *Var = dyn_cast<VarDecl>(D);
    if (!Var)
      continue;
    if (isBoolLocal(Var))
      boolWrite(Var, Var->getInit());
    if (const Expr *Init = Var->getInit()) {
      if (std::optional<unsigned> C = pendingConstruction(Init)) {
        Out.Consumptions[*C].Kind = ConsumptionKind::MoveInto;
        Out.Consumptions[*C].Receiver = Var;
      }
      if (const auto *Lambda = dyn_cast<LambdaExpr>(skipTransparent(Init)))
        LambdaVariables[Var] = effectOf(*Lambda);
    }
    // A declaration (again, in a loop) starts the object afresh; so does a
    // reference bound anew, e.g. a range-for's `value_task<int> &t : tasks`.
    if (std::optional<PlaceId> P = Places.placeOfVariable(*Var))
      reset(*P, Var->getInit());
  }
}

void TransferVisitor::VisitCoawaitExpr(const CoawaitExpr *E) {
  consume(E->getOperand(), ConsumptionKind::Await, nullptr);
}

void TransferVisitor::VisitCXXConstructExpr(const CXXConstructExpr *E) {
  const CXXConstructorDecl *Ctor = E->getConstructor();
  if (!Ctor || E->getNumArgs() == 0)
    return;
  if (Places.tasks().holdsTask(E->getType()) &&
      (Ctor->isMoveConstructor() || Ctor->isCopyConstructor())) {
    if (Ctor->isCopyConstructor())
      return; // a copy observes
    if (std::optional<unsigned> C =
            consume(E->getArg(0), ConsumptionKind::MoveIntoTemporary, nullptr))
      Constructions[E] = *C;
    else if (std::optional<unsigned> Inner = pendingConstruction(E->getArg(0)))
      Constructions[E] = *Inner; // an elidable copy of a temporary
    return;
  }
  const NamedDecl *Receiver = Ctor->getParent();
  for (unsigned I = 0; I < E->getNumArgs() && I < Ctor->getNumParams(); ++I) {
    QualType Param = Ctor->getParamDecl(I)->getType();
    argument(E->getArg(I),
             bindingOf(Param, Places.tasks().isTask(Param.getNonReferenceType())),
             Receiver);
  }
}

/// \p Arg bound to a parameter that treats it as \p B, of \p Receiver.
void TransferVisitor::argument(const Expr *Arg, Binding B,
                               const NamedDecl *Receiver) {
  if (std::optional<unsigned> C = pendingConstruction(Arg)) {
    Out.Consumptions[*C].Kind = ConsumptionKind::PassTo;
    Out.Consumptions[*C].Receiver = Receiver;
    return;
  }
  const Expr *Object = skipTransparent(Arg);
  if (const VarDecl *Flag = boolLocalOf(Object); Flag && B == Binding::Writes)
    return boolWrite(Flag, nullptr);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->getType()->isPointerType())
      if (std::optional<PlaceId> Target = Places.pointee(*Var)) {
        emit({Event::Escape, *Target}); // the pointer leaves our view
        return;
      }
    if (auto It = LambdaVariables.find(Var); Var && It != LambdaVariables.end())
      // A lambda handed on may be called any number of times.
      return lambdaCall(It->second, Ref, ConsumptionKind::LambdaCapture,
                        Receiver);
  }
  std::optional<PlaceId> P = Places.placeOf(Object);
  if (!P)
    return;
  if (B == Binding::Writes)
    return reset(*P);
  if (B == Binding::Consumes)
    consume(Object, ConsumptionKind::PassTo, Receiver);
}

const LambdaEffect *TransferVisitor::lambdaOf(const Expr *Callee) {
  const auto *Ref = dyn_cast<DeclRefExpr>(skipTransparent(Callee));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  auto It = Var ? LambdaVariables.find(Var) : LambdaVariables.end();
  return It == LambdaVariables.end() ? nullptr : &It->second;
}

/// A call of a lambda that consumes what it captures by reference: each
/// call consumes it again.
void TransferVisitor::callOfLambda(const Expr *Callee, const Expr *Use) {
  const Expr *Object = skipTransparent(Callee);
  LambdaEffect Immediate;
  const LambdaEffect *Effect = lambdaOf(Object);
  const NamedDecl *Receiver = nullptr;
  if (Effect) {
    Receiver = cast<DeclRefExpr>(Object)->getDecl();
  } else if (const auto *Lambda = dyn_cast<LambdaExpr>(Object)) {
    Immediate = effectOf(*Lambda);
    Effect = &Immediate;
  } else {
    return;
  }
  lambdaCall(*Effect, Use, ConsumptionKind::LambdaCall, Receiver);
}

/// What one call of a lambda with \p Effect does: consumes what its body
/// consumes, gives what its body assigns an unknown value.
void TransferVisitor::lambdaCall(const LambdaEffect &Effect, const Expr *Use,
                                 ConsumptionKind Kind,
                                 const NamedDecl *Receiver) {
  for (PlaceId P : Effect.Consumed) {
    unsigned Index = Out.Consumptions.size();
    Out.Consumptions.push_back({Use, P, Kind, Receiver, nameOf(P)});
    Out.ConsumptionBlocks.push_back(CurrentBlock);
    emit({Event::Consume, P, Index});
  }
  for (PlaceId P : Effect.Written)
    reset(P);
}

/// swap, std::exchange, std::invoke: what they do is known.
bool TransferVisitor::specialCall(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  auto TwoPlaces = [&](const Expr *A, const Expr *B) {
    std::optional<PlaceId> PA = Places.placeOf(A), PB = Places.placeOf(B);
    if (PA && PB)
      emit({Event::Swap, *PA, *PB});
    else if (PA || PB)
      reset(PA ? *PA : *PB); // swapped with something we do not track
    return PA || PB;
  };
  if (isStdFunction(Callee, "swap") && Call.getNumArgs() == 2 &&
      !isa<CXXOperatorCallExpr>(Call))
    return TwoPlaces(Call.getArg(0), Call.getArg(1));
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() == 3 &&
      isRangesSwap(Op->getArg(0)))
    return TwoPlaces(Op->getArg(1), Op->getArg(2));
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "swap" &&
        Call.getNumArgs() == 1 && Member->getImplicitObjectArgument())
      return TwoPlaces(Member->getImplicitObjectArgument(), Call.getArg(0));
  }
  if (isStdFunction(Callee, "exchange") && Call.getNumArgs() == 2) {
    std::optional<PlaceId> P = Places.placeOf(Call.getArg(0));
    if (!P)
      return false;
    // The old value goes to the result; the place holds the new one.
    argument(Call.getArg(1), Binding::Consumes, Callee);
    consume(Call.getArg(0), ConsumptionKind::PassTo, Callee);
    reset(*P, Call.getArg(1));
    return true;
  }
  if (isStdFunction(Callee, "invoke") && Call.getNumArgs() >= 1) {
    const Expr *Target = skipTransparent(Call.getArg(0));
    const FunctionDecl *Invoked = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Target))
      Invoked = dyn_cast<FunctionDecl>(Ref->getDecl());
    if (const LambdaEffect *Effect = lambdaOf(Target); Effect || isa<LambdaExpr>(Target))
      callOfLambda(Target, &Call);
    for (unsigned I = 1; I < Call.getNumArgs(); ++I) {
      Binding B = Binding::Consumes; // an unknown callee takes it
      if (Invoked && I - 1 < Invoked->getNumParams()) {
        QualType Param = Invoked->getParamDecl(I - 1)->getType();
        B = bindingOf(Param, Places.tasks().isTask(Param.getNonReferenceType()));
      }
      argument(Call.getArg(I), B, Invoked ? Invoked : Callee);
    }
    return true;
  }
  return false;
}

void TransferVisitor::assignment(const CXXOperatorCallExpr &Op) {
  std::optional<PlaceId> Target = Places.placeOf(Op.getArg(0));
  const NamedDecl *Receiver = nullptr;
  if (const auto *Member = dyn_cast<MemberExpr>(skipTransparent(Op.getArg(0))))
    Receiver = Member->getMemberDecl();
  else if (const auto *Ref = dyn_cast<DeclRefExpr>(skipTransparent(Op.getArg(0))))
    Receiver = Ref->getDecl();
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Op.getDirectCallee());
  bool TakesOver = Method && Method->getNumParams() == 1 &&
                   bindingOf(Method->getParamDecl(0)->getType(), true) ==
                       Binding::Consumes;
  if (TakesOver) {
    if (std::optional<unsigned> C = pendingConstruction(Op.getArg(1))) {
      Out.Consumptions[*C].Kind = ConsumptionKind::MoveInto;
      Out.Consumptions[*C].Receiver = Receiver;
    } else {
      consume(Op.getArg(1), ConsumptionKind::MoveInto, Receiver);
    }
  }
  if (Target)
    reset(*Target, Op.getArg(1)); // `t = make()`, `t = {}`, `o = std::nullopt`
}

void TransferVisitor::memberCall(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  const Expr *Object = Call.getImplicitObjectArgument();
  if (!Method || !Object)
    return;
  if (isa<CXXThisExpr>(skipTransparent(Object))) {
    if (!Method->isConst() && !Method->isStatic())
      emit({Event::ResetThis, 0}); // it may assign any member
    return;
  }
  std::optional<PlaceId> P = Places.placeOf(Object);
  if (!P || !Method->getIdentifier())
    return; // operators and conversions: spelled as calls elsewhere
  if (Method->getName() == "value" && Places.findPlaceOf(&Call))
    return; // `o.value()` names a place
  if (Places[*P].IsTask) {
    Event Called{Event::MemberCall, *P};
    Called.Value = &Call;
    emit(Called);
    if (Method->getName() == "preserve")
      consume(Object, ConsumptionKind::Preserve, Method);
    else if (Method->getRefQualifier() == RQ_RValue)
      consume(Object, ConsumptionKind::ConsumingMember, Method);
    else if (!Method->isConst())
      reset(*P);
    return;
  }
  if (!Method->isConst())
    reset(*P); // push_back, clear, reset, emplace: an unknown write
}

void TransferVisitor::VisitCallExpr(const CallExpr *Call) {
  if (isMoveLikeCall(*Call))
    return;
  // The promise's await_transform(operand) is part of a co_await, which
  // consumes the operand (its block may come first in the CFG).
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    if (const CXXMethodDecl *Method = Member->getMethodDecl();
        Method && Method->getIdentifier() &&
        Method->getName() == "await_transform")
      return;
  if (specialCall(*Call))
    return;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    memberCall(*Member);
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  unsigned First = 0;
  const NamedDecl *Receiver = Callee;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && isa_and_nonnull<CXXMethodDecl>(Callee)) {
    First = 1; // the object is argument 0
    if (Op->getOperator() == OO_Coawait)
      return; // the co_await consumes it
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      return assignment(*Op);
    if (Op->getOperator() == OO_Call) {
      callOfLambda(Op->getArg(0), Call);
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(skipTransparent(Op->getArg(0))))
        Receiver = Ref->getDecl(); // a lambda: its name, not 'operator()'
    } else if (std::optional<PlaceId> P = Places.placeOf(Op->getArg(0));
               P && !Places[*P].IsTask &&
               !cast<CXXMethodDecl>(Callee)->isConst() &&
               !Places.placeOf(Call)) {
      reset(*P); // a non-const operator on a container (`v[i] = ...`)
    }
  }
  if (Callee && Options.NonConsumingFunctions.contains(*Callee))
    return;
  const FunctionProtoType *Proto = Callee ? nullptr : calleeProto(*Call);
  for (unsigned I = First; I < Call->getNumArgs(); ++I) {
    unsigned ParamIndex = I - First;
    std::optional<QualType> Param;
    if (Callee && ParamIndex < Callee->getNumParams())
      Param = Callee->getParamDecl(ParamIndex)->getType();
    else if (Proto && ParamIndex < Proto->getNumParams())
      Param = Proto->getParamType(ParamIndex);
    else if (Callee)
      continue; // C variadic
    Binding B = Param ? bindingOf(*Param, Places.tasks().isTask(
                                              Param->getNonReferenceType()))
                      : Binding::Consumes; // an unknown callee takes it
    argument(Call->getArg(I), B, Receiver);
  }
}

void TransferVisitor::VisitUnaryOperator(const UnaryOperator *E) {
  if (const VarDecl *Flag = boolLocalOf(E->getSubExpr());
      Flag && (E->isIncrementDecrementOp() || E->getOpcode() == UO_AddrOf))
    return boolWrite(Flag, nullptr);
  if (E->getOpcode() != UO_AddrOf || AliasInitializers.count(E))
    return;
  if (std::optional<PlaceId> P = Places.placeOf(E->getSubExpr()))
    emit({Event::Escape, *P});
}

void TransferVisitor::VisitBinaryOperator(const BinaryOperator *E) {
  if (const VarDecl *Flag = E->isAssignmentOp() ? boolLocalOf(E->getLHS())
                                                : nullptr)
    boolWrite(Flag, E->getOpcode() == BO_Assign ? E->getRHS() : nullptr);
}

void TransferVisitor::returned(const Expr *Value) {
  if (!Value)
    return;
  // Handing the task to the caller is not a consumption here.
  if (std::optional<unsigned> C = pendingConstruction(Value)) {
    for (Event &E : *Current)
      if (E.Kind == Event::Consume && E.Index == *C)
        E.Kind = Event::Escape;
  }
}

/// The places a lambda captures by reference and consumes in its body.
LambdaEffect TransferVisitor::effectOf(const LambdaExpr &Lambda) {
  LambdaEffect Effect;
  llvm::SmallVector<const VarDecl *, 2> ByReference;
  for (const LambdaCapture &C : Lambda.captures())
    if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
      if (const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar()))
        ByReference.push_back(Var);
  if (ByReference.empty())
    return Effect;
  // Run this transfer function over the body, into a scratch list.
  FunctionEvents Scratch(Places.tasks());
  TransferVisitor Inner(Scratch, Options);
  std::vector<Event> Events;
  Inner.Current = &Events;
  llvm::SmallVector<const Stmt *, 16> Work{Lambda.getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    Inner.Visit(S);
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  for (const Event &E : Events) {
    if (E.Kind != Event::Reset || Scratch.Places[E.Place].Parent)
      continue;
    const auto *Var = dyn_cast_or_null<VarDecl>(Scratch.Places[E.Place].Root);
    if (Var && llvm::is_contained(ByReference, Var))
      if (std::optional<PlaceId> P = Places.placeOfVariable(*Var))
        if (!llvm::is_contained(Effect.Written, *P))
          Effect.Written.push_back(*P);
  }
  for (const Consumption &C : Scratch.Consumptions) {
    const auto *Ref = dyn_cast<DeclRefExpr>(skipTransparent(C.Use));
    if (!Ref || !llvm::is_contained(ByReference, Ref->getDecl()))
      continue;
    if (std::optional<PlaceId> P = Places.placeOf(Ref))
      if (!llvm::is_contained(Effect.Consumed, *P))
        Effect.Consumed.push_back(*P);
  }
  return Effect;
}

void TransferVisitor::VisitLambdaExpr(const LambdaExpr *E) {
  // A flag captured by reference may be written whenever the lambda runs.
  for (const LambdaCapture &C : E->captures())
    if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
      if (const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar());
          isBoolLocal(Var))
        boolWrite(Var, nullptr);
  // Init-captures move the task into the lambda once, where it is written.
  for (const Expr *Init : E->capture_inits())
    if (Init)
      if (std::optional<unsigned> C = pendingConstruction(Init))
        Out.Consumptions[*C].Kind = ConsumptionKind::LambdaCapture;
  if (BoundLambdas.count(E))
    return; // consumed where it is called
  // Handed on as it is written: it may be called any number of times.
  LambdaEffect Effect = effectOf(*E);
  for (PlaceId P : Effect.Consumed) {
    unsigned Index = Out.Consumptions.size();
    Out.Consumptions.push_back({E, P, ConsumptionKind::LambdaCapture, nullptr,
                                nameOf(P)});
    Out.ConsumptionBlocks.push_back(CurrentBlock);
    emit({Event::Consume, P, Index});
  }
}

bool isExceptionEdge(const CFGBlock &From, unsigned SuccIndex) {
  // A call that may throw ends its block with a second successor: the
  // handlers of the enclosing try, or the exit.
  if (From.getTerminatorStmt() || From.succ_size() < 2 || From.empty())
    return false;
  auto Last = From.back().getAs<CFGStmt>();
  if (!Last || !isa<CallExpr, CXXConstructExpr, CXXNewExpr>(Last->getStmt()))
    return false;
  const CFGBlock *Succ = *(From.succ_begin() + SuccIndex);
  if (!Succ)
    return false;
  return Succ == &From.getParent()->getExit() ||
         isa_and_nonnull<CXXTryStmt>(Succ->getTerminatorStmt());
}

std::unique_ptr<FunctionEvents>
FunctionEvents::build(const FunctionDecl &FD, ASTContext &Ctx,
                      const TransferOptions &Options) {
  if (FD.isDependentContext() || FD.isInvalidDecl() ||
      !FD.doesThisDeclarationHaveABody())
    return nullptr;
  const Stmt *Body = userBodyOf(FD);
  if (!Body || !mentionsTask(*Body, Options.Tasks))
    return nullptr;
  CFG::BuildOptions BuildOptions;
  BuildOptions.setAllAlwaysAdd(); // every use is an element, in evaluation order
  BuildOptions.AddLifetime = true; // scope ends reset dead objects
  BuildOptions.AddEHEdges = true;  // a throw inside `try` reaches the handlers
  std::unique_ptr<FunctionEvents> Result(new FunctionEvents(Options.Tasks));
  Result->Graph = CFG::buildCFG(&FD, const_cast<Stmt *>(Body), &Ctx,
                                BuildOptions);
  if (!Result->Graph)
    return nullptr;
  Result->Order.emplace(*Result->Graph);
  Result->Function = &FD;
  Result->Ctx = &Ctx;
  TransferVisitor(*Result, Options).run();
  return Result;
}

const FunctionEvents *
FunctionEventsCache::get(const FunctionDecl &FD, ASTContext &Ctx,
                         const TransferOptions &Options) {
  std::string Configuration = Options.Tasks.names().spelling() + "|" +
                              Options.NonConsumingFunctions.spelling();
  auto [It, Inserted] =
      Built.try_emplace({&FD, std::move(Configuration)}, nullptr);
  if (Inserted)
    It->second = FunctionEvents::build(FD, Ctx, Options);
  return It->second.get();
}

} // namespace valuetask
