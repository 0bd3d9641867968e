//===- TaskStateAnalysis.cpp - completion and drop facts per path ---------===//

#include "TaskStateAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>

using namespace clang;

namespace valuetask {

namespace {

// ---- the AST around a use ----------------------------------------------------

constexpr llvm::StringLiteral CompletionTests[] = {
    "is_completed", "is_completed_successfully", "is_faulted"};

bool isMoveLikeCall(const CallExpr &Call) {
  const auto *Callee = Call.getDirectCallee();
  if (!Callee || Call.getNumArgs() != 1 || !Callee->isInStdNamespace() ||
      !Callee->getIdentifier())
    return false;
  return Callee->getName() == "move" || Callee->getName() == "forward";
}

/// The first parent that is not an OpaqueValueExpr (co_await refers to its
/// operand twice: as written, and behind an OpaqueValueExpr).
DynTypedNode parentOf(const DynTypedNode &N, ASTContext &Ctx) {
  for (const DynTypedNode &P : Ctx.getParents(N))
    if (!P.get<OpaqueValueExpr>())
      return P;
  return {};
}

/// Climbs from \p E through nodes that hand its value on unchanged
/// (parentheses, casts, std::move); returns the first other parent and
/// sets \p E to its child on the way.
DynTypedNode userOf(const Expr *&E, ASTContext &Ctx) {
  DynTypedNode P = parentOf(DynTypedNode::create(*E), Ctx);
  while (true) {
    const Expr *Next = nullptr;
    if (P.get<ParenExpr>() || P.get<ImplicitCastExpr>() ||
        P.get<MaterializeTemporaryExpr>())
      Next = P.get<Expr>();
    else if (const auto *Call = P.get<CallExpr>();
             Call && isMoveLikeCall(*Call) && Call->getArg(0) == E)
      Next = Call;
    else if (const auto *Cast = P.get<ExplicitCastExpr>();
             Cast && Cast->getTypeAsWritten()->isReferenceType())
      Next = Cast;
    if (!Next)
      return P;
    E = Next;
    P = parentOf(P, Ctx);
  }
}

/// Whether the value of \p E is read as a bool, not written through.
const Expr *stripBool(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E)) {
      E = Cleanups->getSubExpr();
      continue;
    }
    return E;
  }
}

const Expr *stripTemporaries(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr();
    else if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temp->getSubExpr();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr();
    else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() == 1 &&
             Construct->getConstructor() &&
             Construct->getConstructor()->isCopyOrMoveConstructor())
      E = Construct->getArg(0); // elided or not, the same task
    else
      return E;
  }
}

std::string writtenName(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl()->getNameAsString();
  return "";
}

bool isThis(const Expr *E) {
  return E && isa<CXXThisExpr>(E->IgnoreParenImpCasts());
}

const Stmt *userBodyOf(const FunctionDecl &FD) {
  const Stmt *Body = FD.getBody();
  if (const auto *Coroutine = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    return Coroutine->getBody(); // without the implicit initial/final awaits
  return Body;
}

bool isBoolLocal(const ValueDecl *D) {
  const auto *Var = dyn_cast_or_null<VarDecl>(D);
  return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
         Var->getType()->isBooleanType();
}

const VarDecl *boolLocalOf(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return Ref && isBoolLocal(Ref->getDecl()) ? cast<VarDecl>(Ref->getDecl())
                                            : nullptr;
}

// ---- places --------------------------------------------------------------------

using PlaceSet = llvm::SmallVector<unsigned, 2>; // sorted

bool containsSorted(llvm::ArrayRef<unsigned> S, unsigned V) {
  return std::binary_search(S.begin(), S.end(), V);
}

/// Adds \p From into \p Into; true if \p Into grew.
bool unionInto(PlaceSet &Into, llvm::ArrayRef<unsigned> From) {
  bool Grew = false;
  for (unsigned V : From) {
    auto Pos = llvm::lower_bound(Into, V);
    if (Pos != Into.end() && *Pos == V)
      continue;
    Into.insert(Pos, V);
    Grew = true;
  }
  return Grew;
}

PlaceSet intersect(llvm::ArrayRef<unsigned> A, llvm::ArrayRef<unsigned> B) {
  PlaceSet Out;
  for (unsigned V : A)
    if (containsSorted(B, V))
      Out.push_back(V);
  return Out;
}

/// The task objects of one function, numbered: locals and by-value
/// parameters, references bound to them (the same place), and members
/// reached through `this`.
class Places {
public:
  Places(const TaskTypes &Tasks) : Tasks(Tasks) {}

  std::optional<unsigned> placeOf(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var || !Tasks.isTask(Var->getType()))
        return std::nullopt;
      if (auto Alias = Aliases.find(Var); Alias != Aliases.end())
        return placeOf(Alias->second);
      if (!Var->hasLocalStorage() || Var->getType()->isReferenceType())
        return std::nullopt;
      return id(Var, /*IsMember=*/false);
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (Field && isThis(Member->getBase()) && Tasks.isTask(Field->getType()))
        return id(Field, /*IsMember=*/true);
    }
    return std::nullopt;
  }

  /// The place a declaration of a task creates, unless it is an alias.
  std::optional<unsigned> declaredPlace(const VarDecl &Var) {
    if (!Var.hasLocalStorage() || Var.getType()->isReferenceType() ||
        Aliases.count(&Var) || !Tasks.isTask(Var.getType()))
      return std::nullopt;
    return id(&Var, false);
  }

  /// `auto &r = t;` (or `auto &&r = std::move(t);`) makes `r` another name
  /// for `t`.
  void collectAliases(const CFG &Graph) {
    for (const CFGBlock *Block : Graph)
      for (const CFGElement &Element : *Block) {
        auto S = Element.getAs<CFGStmt>();
        const auto *Decl = S ? dyn_cast<DeclStmt>(S->getStmt()) : nullptr;
        if (!Decl)
          continue;
        for (const auto *D : Decl->decls()) {
          const auto *Var = dyn_cast<VarDecl>(D);
          if (!Var || !Var->getType()->isReferenceType() || !Var->getInit() ||
              !Tasks.isTask(Var->getType()))
            continue;
          const Expr *Referent = Var->getInit()->IgnoreParenImpCasts();
          if (const auto *Call = dyn_cast<CallExpr>(Referent);
              Call && isMoveLikeCall(*Call))
            Referent = Call->getArg(0)->IgnoreParenImpCasts();
          if (placeOf(Referent))
            Aliases[Var] = Referent;
        }
      }
  }

  unsigned size() const { return Decls.size(); }
  bool isMember(unsigned P) const { return IsMember[P]; }
  bool isParameter(unsigned P) const { return isa<ParmVarDecl>(Decls[P]); }
  std::string name(unsigned P) const { return Decls[P]->getNameAsString(); }
  const TaskTypes &tasks() const { return Tasks; }

private:
  unsigned id(const ValueDecl *D, bool Member) {
    auto [It, Inserted] = Ids.try_emplace(D, Decls.size());
    if (Inserted) {
      Decls.push_back(D);
      IsMember.push_back(Member);
    }
    return It->second;
  }

  const TaskTypes &Tasks;
  llvm::DenseMap<const ValueDecl *, unsigned> Ids;
  std::vector<const ValueDecl *> Decls;
  std::vector<bool> IsMember;
  llvm::DenseMap<const VarDecl *, const Expr *> Aliases;
};

// ---- events ----------------------------------------------------------------------

/// A `bool` local set from a completion test: which places are complete
/// when it is true, and when it is false.
struct Binding {
  const VarDecl *Var;
  PlaceSet WhenTrue, WhenFalse;
};

/// One step of the function's history, as both analyses see it.
struct Event {
  enum KindT {
    Put,           // a task goes into Place (declaration, assignment)
    Consume,       // Place is consumed (Consumption)
    ReadResult,    // a result function is called on Place (Read)
    Escape,        // Place's address or reference leaves: stop guessing
    EscapeMembers, // a non-const member call may re-assign every member
    ScopeEnd,      // Place's scope ends at Loc
    Bind,          // Var := Binding
    Unbind,        // Var is written otherwise
    LeaveFunction, // the function ends at Loc: parameters and all else drop
  } Kind;
  explicit Event(KindT Kind) : Kind(Kind) {}
  unsigned Place = 0;
  enum PutKindT { Unknown, Ready, Empty, Made } PutKind = Unknown;
  SourceLocation Loc;
  const Consumption *Consumed = nullptr;
  const Expr *Use = nullptr;
  const CXXMemberCallExpr *Call = nullptr;
  const VarDecl *Var = nullptr;
  unsigned BindingIndex = 0;
};

/// Whether calling \p E makes a ready task: `from_result`, `from_exception`,
/// or a tracked type's one-argument value constructor.
bool makesReadyTask(const Expr *E, const TaskTypes &Tasks) {
  E = stripTemporaries(E);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return false;
    std::string Name = Callee->getQualifiedNameAsString();
    return Name == "valuetask::from_result" ||
           Name == "valuetask::from_exception";
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    return Ctor && Tasks.isTask(Construct->getType()) &&
           Ctor->getNumParams() == 1 && !Ctor->isCopyOrMoveConstructor();
  }
  return false;
}

bool makesEmptyTask(const Expr *E) {
  E = stripTemporaries(E);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 0;
  return isa<InitListExpr>(E) && cast<InitListExpr>(E)->getNumInits() == 0;
}

/// Builds the events of one function's CFG.
class EventCollector {
public:
  EventCollector(ASTContext &Ctx, Places &P, const TaskStateOptions &Options,
                 const FunctionConsumptions *Consumptions)
      : Ctx(Ctx), P(P), Options(Options) {
    if (Consumptions)
      for (const Consumption &C : Consumptions->Consumptions)
        ConsumingUses[C.Use] = &C;
  }

  void collect(const CFG &Graph, const FunctionDecl &FD) {
    BlockEvents.resize(Graph.getNumBlockIDs());
    for (const CFGBlock *Block : Graph) {
      auto &Events = BlockEvents[Block->getBlockID()];
      const Stmt *LastExit = nullptr;
      const Stmt *LastStmt = nullptr;
      for (const CFGElement &Element : *Block) {
        if (auto S = Element.getAs<CFGStmt>()) {
          LastStmt = S->getStmt();
          if (isa<ReturnStmt, CoreturnStmt, CXXThrowExpr>(LastStmt))
            LastExit = LastStmt;
          addEventsOf(LastStmt, Events);
        } else if (auto End = Element.getAs<CFGLifetimeEnds>()) {
          const VarDecl *Var = End->getVarDecl();
          if (!Var)
            continue;
          if (isBoolLocal(Var)) {
            Events.push_back(unbind(Var));
          } else if (auto Place = P.declaredPlace(*Var)) {
            Event E(Event::ScopeEnd);
            E.Place = *Place;
            E.Loc = exitLocation(End->getTriggerStmt());
            Events.push_back(E);
          }
        }
      }
      if (!llvm::is_contained(Block->succs(), &Graph.getExit()) ||
          Block == &Graph.getEntry())
        continue;
      // The program ends in a noreturn call: nothing is dropped.
      if (const auto *Call = dyn_cast_or_null<CallExpr>(LastStmt);
          !LastExit && Call && Call->getDirectCallee() &&
          Call->getDirectCallee()->isNoReturn())
        continue;
      Event E(Event::LeaveFunction);
      E.Loc = LastExit ? exitLocation(LastExit) : closingBrace(FD);
      Events.push_back(E);
    }
  }

  std::vector<std::vector<Event>> BlockEvents;
  std::vector<Binding> Bindings;

private:
  SourceLocation closingBrace(const FunctionDecl &FD) {
    const Stmt *Body = userBodyOf(FD);
    if (const auto *Compound = dyn_cast_or_null<CompoundStmt>(Body))
      return Compound->getRBracLoc();
    return FD.getEndLoc();
  }

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

  Event unbind(const VarDecl *Var) {
    Event E(Event::Unbind);
    E.Var = Var;
    return E;
  }

  Event put(unsigned Place, const Expr *Init, SourceLocation Loc) {
    Event E(Event::Put);
    E.Place = Place;
    E.Loc = Loc;
    if (!Init || makesEmptyTask(Init))
      E.PutKind = Event::Empty;
    else if (makesReadyTask(Init, P.tasks()))
      E.PutKind = Event::Ready;
    else if (const Expr *From = stripTemporaries(Init);
             P.placeOf(From) ||
             (isa<CallExpr>(From) && isMoveLikeCall(*cast<CallExpr>(From)) &&
              P.placeOf(cast<CallExpr>(From)->getArg(0))))
      E.PutKind = Event::Unknown; // moved in from another place: forget
    else
      E.PutKind = Event::Made;
    return E;
  }

  /// The places known complete when \p Cond has the value \p Value,
  /// structurally (no bool locals).
  PlaceSet testedPlaces(const Expr *Cond, bool Value) {
    Cond = stripBool(Cond);
    if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
        Not && Not->getOpcode() == UO_LNot)
      return testedPlaces(Not->getSubExpr(), !Value);
    if (const auto *Bin = dyn_cast<BinaryOperator>(Cond)) {
      if (Bin->getOpcode() == BO_LAnd || Bin->getOpcode() == BO_LOr) {
        PlaceSet L = testedPlaces(Bin->getLHS(), Value);
        PlaceSet R = testedPlaces(Bin->getRHS(), Value);
        if ((Bin->getOpcode() == BO_LAnd) == Value) {
          unionInto(L, R);
          return L;
        }
        return intersect(L, R);
      }
      if (Bin->getOpcode() == BO_EQ || Bin->getOpcode() == BO_NE) {
        for (auto [Lit, Other] : {std::pair(Bin->getLHS(), Bin->getRHS()),
                                  std::pair(Bin->getRHS(), Bin->getLHS())})
          if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(stripBool(Lit)))
            return testedPlaces(Other, (B->getValue() == Value) ==
                                           (Bin->getOpcode() == BO_EQ));
      }
      return {};
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (!Value || !Method || !Method->getIdentifier() ||
          !llvm::is_contained(CompletionTests, Method->getName()))
        return {};
      if (auto Place = P.placeOf(Call->getImplicitObjectArgument()))
        return {*Place};
    }
    return {};
  }

  void bindFrom(const VarDecl *Var, const Expr *Value,
                std::vector<Event> &Events) {
    Binding B{Var, testedPlaces(Value, true), testedPlaces(Value, false)};
    if (B.WhenTrue.empty() && B.WhenFalse.empty()) {
      Events.push_back(unbind(Var));
      return;
    }
    Event E(Event::Bind);
    E.Var = Var;
    E.BindingIndex = Bindings.size();
    Bindings.push_back(std::move(B));
    Events.push_back(E);
  }

  const CXXMemberCallExpr *resultCall(const Expr *Use) {
    const Expr *Object = Use;
    DynTypedNode User = userOf(Object, Ctx);
    const auto *Member = User.get<MemberExpr>();
    if (!Member)
      return nullptr;
    const auto *Method = dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
    if (!Method || !Method->getIdentifier() ||
        !llvm::is_contained(Options.ResultFunctions, Method->getName()))
      return nullptr;
    const auto *Call = parentOf(DynTypedNode::create(*Member), Ctx)
                           .get<CXXMemberCallExpr>();
    return Call && Call->getCallee()->IgnoreParens() == Member ? Call : nullptr;
  }

  /// Whether \p Use only looks at the task: a const member function, or a
  /// `const&` parameter.
  bool isObservingUse(const Expr *Use) {
    const Expr *Value = Use;
    DynTypedNode User = userOf(Value, Ctx);
    if (const auto *Member = User.get<MemberExpr>()) {
      const auto *Method = dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
      return Method && Method->isConst();
    }
    auto IsConstRef = [](QualType T) {
      return T->isReferenceType() && T.getNonReferenceType().isConstQualified();
    };
    if (const auto *Call = User.get<CallExpr>()) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee)
        return false;
      unsigned Offset =
          isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
      for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
        if (Call->getArg(I) != Value)
          continue;
        if (I < Offset) // `t = ...`: the assignment is the Put event
          return cast<CXXOperatorCallExpr>(Call)->getOperator() == OO_Equal;
        return I - Offset < Callee->getNumParams() &&
               IsConstRef(Callee->getParamDecl(I - Offset)->getType());
      }
      return false;
    }
    if (const auto *Construct = User.get<CXXConstructExpr>()) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      for (unsigned I = 0; Ctor && I < Construct->getNumArgs(); ++I)
        if (Construct->getArg(I) == Value)
          return I < Ctor->getNumParams() &&
                 IsConstRef(Ctor->getParamDecl(I)->getType()) &&
                 !Ctor->isCopyOrMoveConstructor();
      return false;
    }
    return false;
  }

  void addEventsOf(const Stmt *S, std::vector<Event> &Events) {
    if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
      for (const auto *D : Decl->decls()) {
        const auto *Var = dyn_cast<VarDecl>(D);
        if (!Var)
          continue;
        if (auto Place = P.declaredPlace(*Var))
          Events.push_back(put(*Place, Var->getInit(),
                               Var->getInit() ? Var->getInit()->getBeginLoc()
                                              : Var->getLocation()));
        else if (isBoolLocal(Var))
          Var->getInit() ? bindFrom(Var, Var->getInit(), Events)
                         : Events.push_back(unbind(Var));
      }
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        if (auto Place = P.placeOf(Op->getArg(0)))
          Events.push_back(put(*Place, Op->getArg(1), Op->getArg(1)->getBeginLoc()));
      return;
    }
    if (const auto *Bin = dyn_cast<BinaryOperator>(S)) {
      if (const VarDecl *Var = Bin->isAssignmentOp() ? boolLocalOf(Bin->getLHS())
                                                     : nullptr)
        Bin->getOpcode() == BO_Assign ? bindFrom(Var, Bin->getRHS(), Events)
                                      : Events.push_back(unbind(Var));
      return;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
      if (const VarDecl *Var = boolLocalOf(Unary->getSubExpr());
          Var && (Unary->isIncrementDecrementOp() ||
                  Unary->getOpcode() == UO_AddrOf))
        Events.push_back(unbind(Var));
      return;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (Method && !Method->isConst() &&
          isThis(Call->getImplicitObjectArgument()))
        Events.push_back(Event(Event::EscapeMembers));
      return;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && isBoolLocal(Ref->getDecl())) {
      // Bound to a non-const reference: may be written later.
      if (parentOf(DynTypedNode::create(*Ref), Ctx).get<CallExpr>())
        Events.push_back(unbind(cast<VarDecl>(Ref->getDecl())));
      return;
    }
    if (!isa<DeclRefExpr, MemberExpr>(S) || !SeenUses.insert(S).second)
      return;
    const auto *Use = cast<Expr>(S);
    std::optional<unsigned> Place = P.placeOf(Use);
    if (!Place)
      return;
    auto Consumed = ConsumingUses.find(Use);
    if (const CXXMemberCallExpr *Call = resultCall(Use)) {
      Event E(Event::ReadResult);
      E.Place = *Place;
      E.Use = Use;
      E.Call = Call;
      Events.push_back(E);
    }
    if (Consumed != ConsumingUses.end()) {
      Event E(Event::Consume);
      E.Place = *Place;
      E.Consumed = Consumed->second;
      Events.push_back(E);
      return;
    }
    if (isObservingUse(Use) || resultCall(Use))
      return;
    const Expr *Value = Use;
    if (const auto *Var = userOf(Value, Ctx).get<VarDecl>();
        Var && Var->getType()->isReferenceType())
      return; // an alias: another name for the same place
    // The task leaves the analysis' view (address taken, returned, bound
    // to a reference, captured): stop guessing about it.
    Event E(Event::Escape);
    E.Place = *Place;
    Events.push_back(E);
  }

  ASTContext &Ctx;
  Places &P;
  const TaskStateOptions &Options;
  llvm::DenseMap<const Expr *, const Consumption *> ConsumingUses;
  llvm::SmallPtrSet<const Stmt *, 32> SeenUses;
};

/// The condition whose value decides \p Block's two successors, as this
/// block computes it: for `a && b` split over blocks, the operand this
/// block evaluated (the others were decided on earlier edges).
const Expr *branchCondition(const CFGBlock &Block) {
  if (Block.succ_size() != 2)
    return nullptr;
  const Stmt *Terminator = Block.getTerminatorStmt();
  const auto *Cond =
      dyn_cast_or_null<Expr>(Block.getTerminatorCondition(/*StripParens=*/true));
  // Two-way branches on a truth value (successor 0 is the true edge); not
  // a switch, whose two successors are cases.
  if (!Terminator || !Cond ||
      !isa<IfStmt, WhileStmt, ForStmt, DoStmt, ConditionalOperator,
           BinaryOperator>(Terminator))
    return nullptr;
  while (true) {
    const auto *Bin = dyn_cast<BinaryOperator>(stripBool(Cond));
    if (!Bin || !Bin->isLogicalOp() || Bin == Terminator)
      return Cond;
    Cond = Bin->getRHS();
  }
}

// ---- the solver ------------------------------------------------------------------

/// Runs a forward dataflow over \p Graph to a fixpoint: \p Transfer applies a
/// block's events to a state, \p Edge refines the state on the edge to the
/// successor with the given index, and State::join merges (true if changed).
/// Returns each reachable block's entry state.
template <typename State, typename TransferFn, typename EdgeFn>
std::vector<std::optional<State>> solveForward(const CFG &Graph, State Entry,
                                               TransferFn Transfer,
                                               EdgeFn Edge) {
  std::vector<std::optional<State>> In(Graph.getNumBlockIDs());
  PostOrderCFGView Order(&Graph);
  ForwardDataflowWorklist Worklist(Graph, &Order);
  In[Graph.getEntry().getBlockID()] = std::move(Entry);
  Worklist.enqueueBlock(&Graph.getEntry());
  while (const CFGBlock *Block = Worklist.dequeue()) {
    State Out = *In[Block->getBlockID()];
    Transfer(*Block, Out);
    unsigned Index = 0;
    for (const CFGBlock *Succ : Block->succs()) {
      unsigned ThisIndex = Index++;
      if (!Succ)
        continue; // an edge the CFG proved impossible
      State OnEdge = Out;
      Edge(*Block, ThisIndex, OnEdge);
      auto &SuccIn = In[Succ->getBlockID()];
      bool Changed = !SuccIn;
      if (!SuccIn)
        SuccIn = std::move(OnEdge);
      else
        Changed = SuccIn->join(OnEdge);
      if (Changed)
        Worklist.enqueueBlock(Succ);
    }
  }
  return In;
}

/// Per place, the origins (indices; 0 = unknown) of tasks it may hold that
/// satisfy the analysis' property ("may be incomplete", "may be unconsumed").
struct PlaceOrigins {
  std::vector<PlaceSet> ByPlace;
  // Bool locals known to hold a completion test, on every path.
  llvm::SmallVector<std::pair<const VarDecl *, unsigned>, 2> Bound;

  bool join(const PlaceOrigins &Other) {
    bool Changed = false;
    for (unsigned I = 0; I < ByPlace.size(); ++I)
      Changed |= unionInto(ByPlace[I], Other.ByPlace[I]);
    size_t Before = Bound.size();
    llvm::erase_if(Bound, [&](const auto &B) {
      return !llvm::is_contained(Other.Bound, B);
    });
    return Changed || Bound.size() != Before;
  }
};

struct Function {
  std::unique_ptr<CFG> Graph;
  Places P;
  std::unique_ptr<EventCollector> Events;
  const FunctionConsumptions *Consumptions = nullptr;
  explicit Function(const TaskTypes &Tasks) : P(Tasks) {}
};

/// Whether \p S mentions a task object at all.
bool mentionsTask(const Stmt &S, const TaskTypes &Tasks) {
  if (const auto *E = dyn_cast<Expr>(&S);
      E && isa<DeclRefExpr, MemberExpr>(E) && Tasks.isTask(E->getType()))
    return true;
  for (const Stmt *Child : S.children())
    if (Child && mentionsTask(*Child, Tasks))
      return true;
  return false;
}

std::unique_ptr<Function> prepare(const FunctionDecl &FD, ASTContext &Ctx,
                                  const TaskStateOptions &Options) {
  if (FD.isDependentContext() || FD.isInvalidDecl() ||
      !FD.doesThisDeclarationHaveABody())
    return nullptr;
  const Stmt *Body = userBodyOf(FD);
  if (!Body || !mentionsTask(*Body, Options.Consumptions.Tasks))
    return nullptr;
  CFG::BuildOptions BuildOptions;
  BuildOptions.setAllAlwaysAdd();
  BuildOptions.AddLifetime = true;
  auto F = std::make_unique<Function>(Options.Consumptions.Tasks);
  F->Graph = CFG::buildCFG(&FD, const_cast<Stmt *>(Body), &Ctx, BuildOptions);
  if (!F->Graph)
    return nullptr;
  F->Consumptions = analyzeFunction(FD, Ctx, Options.Consumptions);
  F->P.collectAliases(*F->Graph);
  F->Events = std::make_unique<EventCollector>(Ctx, F->P, Options, F->Consumptions);
  F->Events->collect(*F->Graph, FD);
  for (const ParmVarDecl *Param : FD.parameters())
    (void)F->P.declaredPlace(*Param);
  return F;
}

bool mentionsPlace(const Binding &B, unsigned Place) {
  return containsSorted(B.WhenTrue, Place) || containsSorted(B.WhenFalse, Place);
}

void forgetBindingsOf(PlaceOrigins &S, unsigned Place,
                      llvm::ArrayRef<Binding> Bindings) {
  llvm::erase_if(S.Bound, [&](const auto &B) {
    return mentionsPlace(Bindings[B.second], Place);
  });
}

/// The places \p Cond proves complete when it has the value \p Value, with
/// the bool locals bound in \p S.
PlaceSet provenComplete(const Expr *Cond, bool Value, const PlaceOrigins &S,
                        llvm::ArrayRef<Binding> Bindings, Places &P) {
  Cond = stripBool(Cond);
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot)
    return provenComplete(Not->getSubExpr(), !Value, S, Bindings, P);
  if (const auto *Bin = dyn_cast<BinaryOperator>(Cond)) {
    if (Bin->isLogicalOp()) {
      PlaceSet L = provenComplete(Bin->getLHS(), Value, S, Bindings, P);
      PlaceSet R = provenComplete(Bin->getRHS(), Value, S, Bindings, P);
      if ((Bin->getOpcode() == BO_LAnd) == Value) {
        unionInto(L, R);
        return L;
      }
      return intersect(L, R);
    }
    if (Bin->getOpcode() == BO_EQ || Bin->getOpcode() == BO_NE)
      for (auto [Lit, Other] : {std::pair(Bin->getLHS(), Bin->getRHS()),
                                std::pair(Bin->getRHS(), Bin->getLHS())})
        if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(stripBool(Lit)))
          return provenComplete(Other,
                                (B->getValue() == Value) ==
                                    (Bin->getOpcode() == BO_EQ),
                                S, Bindings, P);
    return {};
  }
  if (const VarDecl *Var = boolLocalOf(Cond)) {
    for (const auto &[BoundVar, Index] : S.Bound)
      if (BoundVar == Var)
        return Value ? Bindings[Index].WhenTrue : Bindings[Index].WhenFalse;
    return {};
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Value && Method && Method->getIdentifier() &&
        llvm::is_contained(CompletionTests, Method->getName()))
      if (auto Place = P.placeOf(Call->getImplicitObjectArgument()))
        return {*Place};
  }
  return {};
}

} // namespace

// ---- result before completion --------------------------------------------------

std::vector<EarlyResultRead>
findEarlyResultReads(const FunctionDecl &FD, ASTContext &Ctx,
                     const TaskStateOptions &Options) {
  std::unique_ptr<Function> F = prepare(FD, Ctx, Options);
  if (!F)
    return {};
  const auto &AllEvents = F->Events->BlockEvents;
  bool HasRead = llvm::any_of(AllEvents, [](const auto &Events) {
    return llvm::any_of(Events, [](const Event &E) {
      return E.Kind == Event::ReadResult;
    });
  });
  if (!HasRead)
    return {};
  const auto &Bindings = F->Events->Bindings;

  // Origin 0 is "unknown"; origin I > 0 is Origins[I - 1].
  std::vector<TaskOrigin> Origins;
  llvm::DenseMap<const void *, unsigned> OriginIds;
  auto OriginOf = [&](const Event &E) -> unsigned {
    if (E.PutKind == Event::Unknown || E.Loc.isInvalid())
      return 0;
    auto [It, Inserted] = OriginIds.try_emplace(E.Loc.getPtrEncoding(), 0);
    if (Inserted) {
      Origins.push_back({E.Loc, E.PutKind == Event::Empty ? TaskOrigin::Empty
                                                          : TaskOrigin::Made});
      It->second = Origins.size();
    }
    return It->second;
  };
  std::vector<std::pair<const Event *, PlaceSet>> Reads;
  bool Reporting = false;
  auto Transfer = [&](const CFGBlock &Block, PlaceOrigins &S) {
    for (const Event &E : AllEvents[Block.getBlockID()]) {
      switch (E.Kind) {
      case Event::Put:
        forgetBindingsOf(S, E.Place, Bindings);
        S.ByPlace[E.Place].clear();
        if (E.PutKind != Event::Ready)
          S.ByPlace[E.Place].push_back(OriginOf(E));
        break;
      case Event::ReadResult:
        if (Reporting && !S.ByPlace[E.Place].empty())
          Reads.push_back({&E, S.ByPlace[E.Place]});
        break;
      case Event::Consume:
      case Event::ScopeEnd:
        S.ByPlace[E.Place].clear();
        break;
      case Event::Escape:
        forgetBindingsOf(S, E.Place, Bindings);
        S.ByPlace[E.Place] = {0};
        break;
      case Event::EscapeMembers:
        for (unsigned Place = 0; Place < F->P.size(); ++Place)
          if (F->P.isMember(Place)) {
            forgetBindingsOf(S, Place, Bindings);
            S.ByPlace[Place] = {0};
          }
        break;
      case Event::Bind:
      case Event::Unbind:
        llvm::erase_if(S.Bound, [&](const auto &B) { return B.first == E.Var; });
        if (E.Kind == Event::Bind)
          S.Bound.push_back({E.Var, E.BindingIndex});
        break;
      case Event::LeaveFunction:
        break;
      }
    }
  };
  auto Edge = [&](const CFGBlock &Block, unsigned SuccIndex, PlaceOrigins &S) {
    const Expr *Cond = branchCondition(Block);
    if (!Cond || SuccIndex > 1)
      return;
    for (unsigned Place :
         provenComplete(Cond, SuccIndex == 0, S, Bindings, F->P))
      S.ByPlace[Place].clear();
  };

  // Parameters and members come in unknown; locals get a Put first.
  PlaceOrigins Entry;
  Entry.ByPlace.assign(F->P.size(), PlaceSet{0});
  auto In = solveForward(*F->Graph, Entry, Transfer, Edge);
  Reporting = true;
  for (const CFGBlock *Block : *F->Graph)
    if (auto &S = In[Block->getBlockID()]) {
      PlaceOrigins Copy = *S;
      Transfer(*Block, Copy);
    }

  std::vector<EarlyResultRead> Result;
  for (const auto &[E, From] : Reads) {
    EarlyResultRead R{E->Use, E->Call, writtenName(E->Use),
                      F->P.name(E->Place), {}};
    for (unsigned O : From)
      if (O > 0)
        R.Origins.push_back(Origins[O - 1]);
    Result.push_back(std::move(R));
  }
  return Result;
}

// ---- unconsumed on a path -------------------------------------------------------

std::vector<DroppedTask> findDroppedTasks(const FunctionDecl &FD,
                                          ASTContext &Ctx,
                                          const TaskStateOptions &Options) {
  std::unique_ptr<Function> F = prepare(FD, Ctx, Options);
  if (!F || !F->Consumptions || F->Consumptions->Consumptions.empty())
    return {};
  const auto &AllEvents = F->Events->BlockEvents;

  // Origins: one per Put event that holds a task (and one per parameter).
  llvm::DenseMap<const Event *, unsigned> PutOrigin;
  std::vector<unsigned> OriginPlace;
  std::vector<std::string> OriginName;
  for (const auto &Events : AllEvents)
    for (const Event &E : Events)
      if (E.Kind == Event::Put && E.PutKind != Event::Empty &&
          !F->P.isMember(E.Place)) {
        PutOrigin[&E] = OriginPlace.size();
        OriginPlace.push_back(E.Place);
      }
  PlaceOrigins Entry;
  Entry.ByPlace.resize(F->P.size());
  for (unsigned Place = 0; Place < F->P.size(); ++Place)
    if (F->P.isParameter(Place)) {
      Entry.ByPlace[Place] = {unsigned(OriginPlace.size())};
      OriginPlace.push_back(Place);
    }

  std::vector<llvm::SmallVector<const Consumption *, 2>> ConsumedAt(
      OriginPlace.size());
  struct Drop {
    unsigned Origin;
    SourceLocation Loc;
  };
  std::vector<Drop> Drops;
  bool Reporting = false;
  auto Transfer = [&](const CFGBlock &Block, PlaceOrigins &S) {
    for (const Event &E : AllEvents[Block.getBlockID()]) {
      switch (E.Kind) {
      case Event::Put:
        S.ByPlace[E.Place].clear();
        if (auto It = PutOrigin.find(&E); It != PutOrigin.end())
          S.ByPlace[E.Place].push_back(It->second);
        break;
      case Event::Consume:
        if (Reporting)
          for (unsigned O : S.ByPlace[E.Place])
            if (!llvm::is_contained(ConsumedAt[O], E.Consumed))
              ConsumedAt[O].push_back(E.Consumed);
        S.ByPlace[E.Place].clear();
        break;
      case Event::Escape:
        S.ByPlace[E.Place].clear();
        break;
      case Event::ScopeEnd:
        if (Reporting)
          for (unsigned O : S.ByPlace[E.Place])
            Drops.push_back({O, E.Loc});
        S.ByPlace[E.Place].clear();
        break;
      case Event::LeaveFunction:
        for (unsigned Place = 0; Place < F->P.size(); ++Place) {
          if (Reporting)
            for (unsigned O : S.ByPlace[Place])
              Drops.push_back({O, E.Loc});
          S.ByPlace[Place].clear();
        }
        break;
      case Event::ReadResult:
      case Event::EscapeMembers:
      case Event::Bind:
      case Event::Unbind:
        break;
      }
    }
  };
  auto NoEdge = [](const CFGBlock &, unsigned, PlaceOrigins &) {};
  auto In = solveForward(*F->Graph, Entry, Transfer, NoEdge);
  Reporting = true;
  for (const CFGBlock *Block : *F->Graph)
    if (auto &S = In[Block->getBlockID()]) {
      PlaceOrigins Copy = *S;
      Transfer(*Block, Copy);
    }

  const SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&](const Consumption *A, const Consumption *B) {
    return SM.isBeforeInTranslationUnit(SM.getFileLoc(A->Use->getBeginLoc()),
                                        SM.getFileLoc(B->Use->getBeginLoc()));
  };
  // One finding per exit and place, with the consumptions of every task
  // that place carried there.
  std::vector<DroppedTask> Result;
  llvm::DenseMap<std::pair<const void *, unsigned>, unsigned> Found;
  for (const Drop &D : Drops) {
    if (ConsumedAt[D.Origin].empty() || D.Loc.isInvalid())
      continue;
    unsigned Place = OriginPlace[D.Origin];
    auto [It, Inserted] =
        Found.try_emplace({D.Loc.getPtrEncoding(), Place}, Result.size());
    if (Inserted)
      Result.push_back({D.Loc, F->P.name(Place), {}});
    auto &At = Result[It->second].ConsumedAt;
    for (const Consumption *C : ConsumedAt[D.Origin])
      if (!llvm::is_contained(At, C))
        At.push_back(C);
  }
  for (DroppedTask &T : Result)
    llvm::sort(T.ConsumedAt, Before);
  return Result;
}

} // namespace valuetask
