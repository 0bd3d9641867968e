//===- ConsumptionAnalysis.cpp - tasks consumed again on some path --------===//

#include "ConsumptionAnalysis.h"
#include "Solver.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/SparseBitVector.h"

using namespace clang;

namespace valuetask {

namespace {

using SparseBits = llvm::SparseBitVector<>;

/// The state at one program point. Sparse, and kept only for the places
/// that may still be consumed (LivePlaces): a function with many tasks has
/// few of them in play at any point, so the states stay small.
struct ConsumedState {
  SparseBits Slots;   // by place, its range of consumption sites
  SparseBits Escaped; // by place: unknown code may have changed it
  bool join(const ConsumedState &Other) {
    bool Changed = (Slots |= Other.Slots);
    Changed |= (Escaped |= Other.Escaped);
    return Changed;
  }
};

/// The places whose state some later consumption may read (a backward
/// may-analysis: a consumption reads its place, a new value or an escape
/// overwrites it, a swap exchanges two).
struct LivePlaces {
  SparseBits Places;
  bool join(const LivePlaces &Other) { return Places |= Other.Places; }
};

/// Condition variables known true or false on every path to a point.
struct KnownConditions {
  llvm::BitVector True, False; // by condition variable
  bool join(const KnownConditions &Other) {
    llvm::BitVector OldTrue = True, OldFalse = False;
    True &= Other.True;
    False &= Other.False;
    return True != OldTrue || False != OldFalse;
  }
};

/// `c` or `!c`, with c a declaration: the variable and whether the test is
/// true when c is.
std::optional<std::pair<const VarDecl *, bool>>
conditionVariable(const Expr *Cond) {
  if (!Cond)
    return std::nullopt;
  bool Positive = true;
  Cond = Cond->IgnoreParenImpCasts();
  while (const auto *Not = dyn_cast<UnaryOperator>(Cond)) {
    if (Not->getOpcode() != UO_LNot)
      return std::nullopt;
    Positive = !Positive;
    Cond = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Cond);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || !Var->getType()->isBooleanType())
    return std::nullopt;
  return std::make_pair(Var, Positive);
}

/// The variables written anywhere in \p S after their initialisation.
void collectWrittenVariables(const Stmt *S,
                             llvm::DenseSet<const VarDecl *> &Written) {
  if (!S)
    return;
  auto Mark = [&](const Expr *E) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        Written.insert(Var);
  };
  if (const auto *Binary = dyn_cast<BinaryOperator>(S);
      Binary && Binary->isAssignmentOp())
    Mark(Binary->getLHS());
  if (const auto *Unary = dyn_cast<UnaryOperator>(S);
      Unary && (Unary->isIncrementDecrementOp() ||
                Unary->getOpcode() == UO_AddrOf))
    Mark(Unary->getSubExpr());
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      for (unsigned I = 0; I < Call->getNumArgs() && I < Callee->getNumParams(); ++I)
        if (QualType T = Callee->getParamDecl(I)->getType();
            T->isReferenceType() && !T.getNonReferenceType().isConstQualified())
          Mark(Call->getArg(I));
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
    for (const LambdaCapture &C : Lambda->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar()))
          Written.insert(Var);
  for (const Stmt *Child : S->children())
    collectWrittenVariables(Child, Written);
}

class Analyzer {
public:
  explicit Analyzer(const FunctionEvents &Events)
      : Events(Events), SM(Events.context().getSourceManager()) {}

  std::vector<RepeatedConsumption> run();

private:
  void layOutSlots();
  void findRepeatable();
  void transfer(const CFGBlock &Block, ConsumedState &S, bool Report);
  void liveBefore(const CFGBlock &Block, LivePlaces &Live) const;
  void keepOnly(const LivePlaces &Live, ConsumedState &S) const;
  void clearPlace(PlaceId P, ConsumedState &S, bool Escape) const;
  void report(unsigned Later, llvm::SmallVector<unsigned, 4> Earlier);
  void findConditions();
  bool isBefore(unsigned A, unsigned B) const;
  bool exclusive(unsigned Earlier, unsigned Later) const;
  bool contradicts(const clang::CFGBlock &From, unsigned Succ) const;

  const FunctionEvents &Events;
  std::vector<RepeatedConsumption> Repeated;
  const SourceManager &SM;
  /// The consumption sites a place's bits stand for: its own, or those of
  /// all the places it exchanges values with.
  llvm::ArrayRef<unsigned> sitesOf(PlaceId P) const {
    unsigned Group = GroupOf[P];
    return llvm::ArrayRef(GroupSites).slice(GroupBegin[Group],
                                            GroupBegin[Group + 1] - GroupBegin[Group]);
  }

  // Slot layout: each group's sites, side by side in GroupSites from
  // GroupBegin[group], and where each place's bits start.
  std::vector<unsigned> GroupOf; // by place
  std::vector<unsigned> GroupBegin;
  std::vector<unsigned> GroupSites;
  std::vector<unsigned> Offset; // by place
  std::vector<PlaceId> PlaceOfSlot;
  // Places that may be consumed again: the rest never enter the dataflow.
  llvm::BitVector Repeatable; // by place
  unsigned NumSlots = 0;
  std::vector<llvm::SmallVector<PlaceId, 4>> Subtree; // by place
  llvm::SmallVector<PlaceId, 4> InThis;
  // Correlated conditions.
  llvm::DenseMap<const VarDecl *, unsigned> ConditionIndex;
  BlockStates<KnownConditions> Known;
};

/// Places that exchange values share one list of sites, each with its own
/// bits for it; every other place has just its own sites.
void Analyzer::layOutSlots() {
  const unsigned NumPlaces = Events.places().size();
  GroupOf.resize(NumPlaces);
  for (PlaceId P = 0; P < NumPlaces; ++P)
    GroupOf[P] = P;
  // Only the places a swap names join a group (a group is named by its
  // leader place).
  llvm::EquivalenceClasses<PlaceId> Swapped;
  llvm::SmallVector<PlaceId, 8> SwapNamed;
  for (const CFGBlock *Block : Events.cfg())
    for (const Event &E : Events.eventsOf(Block->getBlockID()))
      if (E.Kind == Event::Swap) {
        Swapped.unionSets(E.Place, E.Index);
        SwapNamed.append({E.Place, E.Index});
      }
  for (PlaceId P : SwapNamed)
    GroupOf[P] = Swapped.getLeaderValue(P);
  // Counting sort of the sites by group; within a group in index order.
  GroupBegin.assign(NumPlaces + 1, 0);
  for (const Consumption &C : Events.consumptions())
    ++GroupBegin[GroupOf[C.Place] + 1];
  for (unsigned G = 0; G < NumPlaces; ++G)
    GroupBegin[G + 1] += GroupBegin[G];
  GroupSites.resize(Events.consumptions().size());
  std::vector<unsigned> Next(GroupBegin.begin(), GroupBegin.end() - 1);
  for (unsigned C = 0; C < Events.consumptions().size(); ++C)
    GroupSites[Next[GroupOf[Events.consumptions()[C].Place]]++] = C;
  Offset.resize(NumPlaces);
  Subtree.resize(NumPlaces);
  for (PlaceId P = 0; P < NumPlaces; ++P) {
    Offset[P] = NumSlots;
    NumSlots += sitesOf(P).size();
    PlaceOfSlot.resize(NumSlots, P);
    Subtree[P] = Events.places().subtree(P);
  }
  InThis = Events.places().placesInThis();
}

/// A place with one consumption site outside every loop cannot be consumed
/// twice; every other place with sites may be. A block may repeat if it lies
/// within the reverse post-order span of a back edge (a superset of the
/// blocks on cycles).
void Analyzer::findRepeatable() {
  const CFG &Graph = Events.cfg();
  const BlockOrder &Order = Events.order();
  std::vector<int> Position(Graph.getNumBlockIDs(), -1);
  for (unsigned I = 0; I < Order.Blocks.size(); ++I)
    Position[Order.Blocks[I]->getBlockID()] = I;
  std::vector<int> SpanDelta(Order.Blocks.size() + 1, 0);
  for (const CFGBlock *Block : Order.Blocks)
    for (const CFGBlock *Succ : Block->succs())
      if (Succ && Position[Succ->getBlockID()] >= 0 &&
          Position[Succ->getBlockID()] <= Position[Block->getBlockID()]) {
        ++SpanDelta[Position[Succ->getBlockID()]];
        --SpanDelta[Position[Block->getBlockID()] + 1];
      }
  llvm::BitVector MayRepeat(Graph.getNumBlockIDs());
  int Open = 0;
  for (unsigned I = 0; I < Order.Blocks.size(); ++I)
    if ((Open += SpanDelta[I]) > 0)
      MayRepeat.set(Order.Blocks[I]->getBlockID());
  Repeatable.resize(Events.places().size());
  for (PlaceId P = 0; P < Events.places().size(); ++P) {
    llvm::ArrayRef<unsigned> Sites = sitesOf(P);
    if (Sites.size() > 1 ||
        (Sites.size() == 1 && MayRepeat.test(Events.blockOf(Sites.front()))))
      Repeatable.set(P);
  }
}

void Analyzer::clearPlace(PlaceId Root, ConsumedState &S, bool Escape) const {
  for (PlaceId P : Subtree[Root]) {
    for (unsigned Slot = Offset[P]; Slot < Offset[P] + sitesOf(P).size(); ++Slot)
      S.Slots.reset(Slot);
    if (Escape)
      S.Escaped.set(P);
    else
      S.Escaped.reset(P);
  }
}

void Analyzer::transfer(const CFGBlock &Block, ConsumedState &S, bool Report) {
  for (const Event &E : Events.eventsOf(Block.getBlockID())) {
    switch (E.Kind) {
    case Event::Consume: {
      if (!Repeatable.test(E.Place))
        break; // nothing can read what it leaves
      llvm::ArrayRef<unsigned> Sites = sitesOf(E.Place);
      unsigned Begin = Offset[E.Place];
      if (Report && !S.Escaped.test(E.Place)) {
        llvm::SmallVector<unsigned, 4> Earlier;
        for (unsigned I = 0; I < Sites.size(); ++I)
          if (S.Slots.test(Begin + I))
            Earlier.push_back(Sites[I]);
        if (!Earlier.empty())
          report(E.Index, std::move(Earlier));
      }
      S.Slots.set(Begin + (llvm::lower_bound(Sites, E.Index) - Sites.begin()));
      break;
    }
    case Event::Reset:
    case Event::ScopeEnd:
      clearPlace(E.Place, S, /*Escape=*/false);
      break;
    case Event::Exit:
    case Event::MemberCall:
    case Event::BoolWrite:
      break;
    case Event::Escape:
      clearPlace(E.Place, S, /*Escape=*/true);
      break;
    case Event::Swap: {
      PlaceId A = E.Place, B = E.Index;
      auto Assign = [](SparseBits &Bits, unsigned Index, bool Value) {
        if (Value)
          Bits.set(Index);
        else
          Bits.reset(Index);
      };
      for (unsigned I = 0; I < sitesOf(A).size(); ++I) {
        bool BitA = S.Slots.test(Offset[A] + I), BitB = S.Slots.test(Offset[B] + I);
        Assign(S.Slots, Offset[A] + I, BitB);
        Assign(S.Slots, Offset[B] + I, BitA);
      }
      bool EscA = S.Escaped.test(A);
      Assign(S.Escaped, A, S.Escaped.test(B));
      Assign(S.Escaped, B, EscA);
      break;
    }
    case Event::ResetThis:
      for (PlaceId P : InThis)
        clearPlace(P, S, /*Escape=*/false);
      break;
    }
  }
}

void Analyzer::liveBefore(const CFGBlock &Block, LivePlaces &Live) const {
  auto Overwrite = [&](PlaceId Root) {
    for (PlaceId P : Subtree[Root])
      Live.Places.reset(P);
  };
  for (const Event &E : llvm::reverse(Events.eventsOf(Block.getBlockID()))) {
    switch (E.Kind) {
    case Event::Consume:
      if (Repeatable.test(E.Place))
        Live.Places.set(E.Place);
      break;
    case Event::Reset:
    case Event::ScopeEnd:
    case Event::Escape:
      Overwrite(E.Place);
      break;
    case Event::ResetThis:
      for (PlaceId P : InThis)
        Overwrite(P);
      break;
    case Event::Swap: {
      bool LiveA = Live.Places.test(E.Place), LiveB = Live.Places.test(E.Index);
      Live.Places.reset(E.Place);
      Live.Places.reset(E.Index);
      if (LiveA)
        Live.Places.set(E.Index);
      if (LiveB)
        Live.Places.set(E.Place);
      break;
    }
    case Event::Exit:
    case Event::MemberCall:
    case Event::BoolWrite:
      break;
    }
  }
}

/// Drops what \p S knows of places no later consumption reads.
void Analyzer::keepOnly(const LivePlaces &Live, ConsumedState &S) const {
  S.Escaped &= Live.Places;
  llvm::SmallVector<unsigned, 8> Dead;
  for (unsigned Slot : S.Slots)
    if (!Live.Places.test(PlaceOfSlot[Slot]))
      Dead.push_back(Slot);
  for (unsigned Slot : Dead)
    S.Slots.reset(Slot);
}

SourceLocation locationOf(const Consumption &C, const SourceManager &SM) {
  return SM.getFileLoc(C.Use->getBeginLoc());
}

/// Whether the edge tests a condition variable against what every path to
/// \p From already knows of it: no path takes it.
bool Analyzer::contradicts(const CFGBlock &From, unsigned Succ) const {
  if (Known.empty() || From.succ_size() != 2)
    return false;
  auto Cond = conditionVariable(
      dyn_cast_or_null<Expr>(From.getTerminatorCondition()));
  if (!Cond)
    return false;
  auto It = ConditionIndex.find(Cond->first);
  const auto &State = Known[From.getBlockID()];
  if (It == ConditionIndex.end() || !State)
    return false;
  bool Value = (Succ == 0) == Cond->second;
  return Value ? State->False.test(It->second) : State->True.test(It->second);
}

bool Analyzer::isBefore(unsigned A, unsigned B) const {
  const auto &All = Events.consumptions();
  SourceLocation LA = locationOf(All[A], SM), LB = locationOf(All[B], SM);
  if (LA == LB) // one macro expansion: the order of the written arguments
    return SM.isBeforeInTranslationUnit(SM.getSpellingLoc(All[A].Use->getBeginLoc()),
                                        SM.getSpellingLoc(All[B].Use->getBeginLoc()));
  return SM.isBeforeInTranslationUnit(LA, LB);
}

/// Whether the two consumptions sit under opposite values of one condition
/// variable that nothing changes.
bool Analyzer::exclusive(unsigned Earlier, unsigned Later) const {
  if (Known.empty())
    return false; // no condition variable to correlate on
  const auto &A = Known[Events.blockOf(Earlier)], &B = Known[Events.blockOf(Later)];
  if (!A || !B)
    return false;
  return A->True.anyCommon(B->False) || A->False.anyCommon(B->True);
}

void Analyzer::report(unsigned Later, llvm::SmallVector<unsigned, 4> Earlier) {
  RepeatedConsumption R{Later, {}};
  for (unsigned E : Earlier)
    if (E == Later || !exclusive(E, Later))
      R.Earlier.push_back({E, E == Later || !isBefore(E, Later)});
  if (R.Earlier.empty())
    return;
  llvm::sort(R.Earlier, [&](const auto &A, const auto &B) {
    return isBefore(A.Index, B.Index) ||
           (!isBefore(B.Index, A.Index) && A.Index < B.Index);
  });
  Repeated.push_back(std::move(R));
}

/// Which `bool` variables branch conditions test, and what is known of
/// them on every path to each block (a must-analysis: join intersects).
void Analyzer::findConditions() {
  const CFG &Graph = Events.cfg();
  llvm::SmallVector<const VarDecl *, 8> Tested;
  for (const CFGBlock *Block : Graph)
    if (auto Cond = conditionVariable(dyn_cast_or_null<Expr>(Block->getTerminatorCondition())))
      Tested.push_back(Cond->first);
  if (Tested.empty())
    return; // no walk of the body for writes
  llvm::DenseSet<const VarDecl *> Written;
  collectWrittenVariables(Events.function().getBody(), Written);
  // A variable declared inside a loop takes a new value each time round:
  // only parameters and the body's outermost declarations qualify.
  llvm::DenseSet<const VarDecl *> Outermost;
  for (const ParmVarDecl *Param : Events.function().parameters())
    Outermost.insert(Param);
  const Stmt *Body = Events.function().getBody();
  if (const auto *Coroutine = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coroutine->getBody();
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Body))
    for (const Stmt *S : Block->body())
      if (const auto *Decl = dyn_cast<DeclStmt>(S))
        for (const auto *D : Decl->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D))
            Outermost.insert(Var);
  for (const VarDecl *Var : Tested)
    if (!Written.count(Var) && Outermost.count(Var))
      ConditionIndex.try_emplace(Var, ConditionIndex.size());
  if (ConditionIndex.empty())
    return;
  unsigned N = ConditionIndex.size();
  KnownConditions Entry{llvm::BitVector(N), llvm::BitVector(N)};
  Known = solveForward(
      Events.order(), Entry, [](const CFGBlock &, KnownConditions &) {},
      [&](const CFGBlock &From, unsigned Succ, KnownConditions &S) {
        auto Cond = conditionVariable(dyn_cast_or_null<Expr>(From.getTerminatorCondition()));
        if (!Cond || From.succ_size() != 2 || !ConditionIndex.count(Cond->first))
          return true;
        unsigned I = ConditionIndex[Cond->first];
        bool Value = (Succ == 0) == Cond->second;
        if ((Value && S.False.test(I)) || (!Value && S.True.test(I)))
          return false; // contradicts what is known: this edge cannot run
        (Value ? S.True : S.False).set(I);
        return true;
      });
}

std::vector<RepeatedConsumption> Analyzer::run() {
  layOutSlots();
  if (NumSlots == 0)
    return {};
  findRepeatable();
  if (Repeatable.none())
    return {};
  findConditions();
  const CFG &Graph = Events.cfg();
  const ASTContext &Ctx = Events.context();
  std::vector<LivePlaces> LiveAfter = solveBackward<LivePlaces>(
      Events.order(), [&](const CFGBlock &Block, LivePlaces &Live) {
        liveBefore(Block, Live);
      });
  ConsumedState Entry;
  auto Edge = [&](const CFGBlock &From, unsigned Succ, ConsumedState &) {
    if (const auto *Loop = dyn_cast_or_null<DoStmt>(From.getTerminatorStmt()))
      if (Succ == 0 && loopConditionIsFalseAtRunTime(*Loop, Ctx))
        return false;
    return !contradicts(From, Succ);
  };
  BlockStates<ConsumedState> In = solveForward(
      Events.order(), Entry,
      [&](const CFGBlock &Block, ConsumedState &S) {
        transfer(Block, S, /*Report=*/false);
        keepOnly(LiveAfter[Block.getBlockID()], S);
      },
      Edge);
  // One replay per reachable block reports each consumption once.
  for (const CFGBlock *Block : Graph)
    if (In[Block->getBlockID()]) {
      ConsumedState S = *In[Block->getBlockID()];
      transfer(*Block, S, /*Report=*/true);
    }
  return std::move(Repeated);
}

/// A function whose body is `return <constant false>;`.
bool returnsFalse(const FunctionDecl *F, const ASTContext &Ctx) {
  const FunctionDecl *Definition = nullptr;
  if (!F || !F->hasBody(Definition))
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Definition->getBody());
  if (!Body || Body->size() != 1)
    return false;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  bool Value = true;
  return Return && Return->getRetValue() &&
         !Return->getRetValue()->isValueDependent() &&
         Return->getRetValue()->EvaluateAsBooleanCondition(Value, Ctx) && !Value;
}

} // namespace

bool loopConditionIsFalseAtRunTime(const DoStmt &Loop, const ASTContext &Ctx) {
  const Expr *Cond = Loop.getCond();
  if (!Cond || Cond->isValueDependent())
    return false;
  bool Value = true;
  if (Cond->EvaluateAsBooleanCondition(Value, Ctx))
    return !Value;
  // `(void)0, false && ...` and `dummy_cond()`, as test macros write them.
  Cond = Cond->IgnoreParenImpCasts();
  while (const auto *Comma = dyn_cast<BinaryOperator>(Cond)) {
    if (Comma->getOpcode() == BO_Comma)
      Cond = Comma->getRHS()->IgnoreParenImpCasts();
    else if (Comma->getOpcode() == BO_LAnd &&
             Comma->getLHS()->EvaluateAsBooleanCondition(Value, Ctx) && !Value)
      return true;
    else
      break;
  }
  if (const auto *Call = dyn_cast<CallExpr>(Cond))
    return Call->getNumArgs() == 0 && returnsFalse(Call->getDirectCallee(), Ctx);
  return false;
}

std::vector<RepeatedConsumption>
findRepeatedConsumptions(const FunctionEvents &Events) {
  return Analyzer(Events).run();
}

} // namespace valuetask
