//===- TaskStateAnalysis.cpp - completion and drop facts per path ---------===//

#include "TaskStateAnalysis.h"
#include "Solver.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang;

namespace valuetask {

namespace {

constexpr llvm::StringLiteral CompletionTests[] = {
    "is_completed", "is_completed_successfully", "is_faulted"};

/// \p E as a truth value: without parentheses, implicit conversions and
/// cleanups.
const Expr *stripBool(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr();
    else
      return E;
  }
}

/// \p E without the temporaries and copies a task value passes through.
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

/// Whether \p E makes a ready task: `from_result`, `from_exception`, or a
/// tracked type's one-argument value constructor.
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

/// `{}` for an aggregate: each member value-initialised.
bool clearsEveryMember(const Expr *E) {
  const auto *List = dyn_cast<InitListExpr>(stripTemporaries(E));
  if (!List)
    return false;
  const InitListExpr *Written = List->getSyntacticForm();
  return (Written ? Written : List)->getNumInits() == 0;
}

// ---- sets of places and origins ----------------------------------------------

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

/// What a `bool` local set from a completion test says: the places that are
/// complete when it is true, and when it is false.
struct Binding {
  PlaceSet WhenTrue, WhenFalse;
};

/// Per place, the origins (indices; 0 = unknown) of the tasks it may hold
/// that have the analysis' property ("may be incomplete", "may be
/// unconsumed").
struct PlaceOrigins {
  std::vector<PlaceSet> ByPlace;
  // Bool locals known to hold a completion test on every path: the
  // variable and its binding.
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

/// One function's events, with what its flags say about completion.
class TaskStates {
public:
  explicit TaskStates(const FunctionEvents &Events)
      : Events(Events), Places(Events.places()) {
    for (const CFGBlock *Block : cfg())
      for (const Event &E : eventsOf(*Block))
        if (E.Kind == Event::BoolWrite && E.Value) {
          Binding B{tested(E.Value, true), tested(E.Value, false)};
          if (B.WhenTrue.empty() && B.WhenFalse.empty())
            continue;
          BindingOf[&E] = Bindings.size();
          Bindings.push_back(std::move(B));
        }
  }

  const CFG &cfg() const { return Events.cfg(); }
  llvm::ArrayRef<Event> eventsOf(const CFGBlock &B) const {
    return Events.eventsOf(B.getBlockID());
  }
  const PlaceTable &places() const { return Places; }
  const FunctionEvents &events() const { return Events; }

  /// Applies a flag's write to \p S.
  void write(const Event &E, PlaceOrigins &S) const {
    llvm::erase_if(S.Bound, [&](const auto &B) { return B.first == E.Var; });
    if (auto It = BindingOf.find(&E); It != BindingOf.end())
      S.Bound.push_back({E.Var, It->second});
  }

  /// Forgets the flags that speak of \p Place (it holds another task now).
  void forgetFlagsOf(PlaceId Place, PlaceOrigins &S) const {
    llvm::erase_if(S.Bound, [&](const auto &B) {
      return containsSorted(Bindings[B.second].WhenTrue, Place) ||
             containsSorted(Bindings[B.second].WhenFalse, Place);
    });
  }

  /// The places \p Cond proves complete when it has the value \p Value,
  /// with the flags bound in \p S.
  PlaceSet provenComplete(const Expr *Cond, bool Value,
                          const PlaceOrigins &S) const {
    Cond = stripBool(Cond);
    if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
        Not && Not->getOpcode() == UO_LNot)
      return provenComplete(Not->getSubExpr(), !Value, S);
    if (const auto *Bin = dyn_cast<BinaryOperator>(Cond)) {
      if (Bin->isLogicalOp()) {
        PlaceSet L = provenComplete(Bin->getLHS(), Value, S);
        PlaceSet R = provenComplete(Bin->getRHS(), Value, S);
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
                                  S);
      return {};
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Cond)) {
      for (const auto &[Var, Index] : S.Bound)
        if (Var == Ref->getDecl())
          return Value ? Bindings[Index].WhenTrue : Bindings[Index].WhenFalse;
      return {};
    }
    return Value ? completionTested(Cond) : PlaceSet();
  }

private:
  /// The place `t.is_completed()` (or another completion test) tests.
  PlaceSet completionTested(const Expr *Cond) const {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond);
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    if (!Method || !Method->getIdentifier() ||
        !llvm::is_contained(CompletionTests, Method->getName()))
      return {};
    if (std::optional<PlaceId> P =
            Places.findPlaceOf(Call->getImplicitObjectArgument()))
      return {*P};
    return {};
  }

  /// Structurally, without flags: what \p Cond proves when \p Value.
  PlaceSet tested(const Expr *Cond, bool Value) const {
    Cond = stripBool(Cond);
    if (isa<DeclRefExpr>(Cond))
      return {}; // a copy of another flag: not followed
    PlaceOrigins None;
    return provenComplete(Cond, Value, None);
  }

  const FunctionEvents &Events;
  const PlaceTable &Places;
  llvm::DenseMap<const Event *, unsigned> BindingOf;
  std::vector<Binding> Bindings;
};

/// Exception edges are left out: a task dropped while an exception unwinds
/// is not what these analyses report.
bool takesEdge(const CFGBlock &From, unsigned SuccIndex) {
  return !isExceptionEdge(From, SuccIndex);
}

std::string rootName(const Place &P) {
  return P.Root ? P.Root->getNameAsString() : "";
}

} // namespace

// ---- result before completion --------------------------------------------------

std::vector<EarlyResultRead>
findEarlyResultReads(const FunctionEvents &Events,
                     llvm::ArrayRef<std::string> ResultFunctions) {
  auto IsRead = [&](const Event &E) {
    if (E.Kind != Event::MemberCall)
      return false;
    const CXXMethodDecl *Method =
        cast<CXXMemberCallExpr>(E.Value)->getMethodDecl();
    return Method && llvm::is_contained(ResultFunctions, Method->getName());
  };
  bool HasRead = llvm::any_of(Events.cfg(), [&](const CFGBlock *Block) {
    return llvm::any_of(Events.eventsOf(Block->getBlockID()), IsRead);
  });
  if (!HasRead)
    return {};
  TaskStates States(Events);
  const PlaceTable &Places = States.places();

  // Origin 0 is "unknown"; origin I > 0 is Origins[I - 1].
  std::vector<TaskOrigin> Origins;
  llvm::DenseMap<const void *, unsigned> OriginIds;
  auto OriginOf = [&](SourceLocation Loc, TaskOrigin::KindT Kind) -> unsigned {
    if (Loc.isInvalid())
      return 0;
    auto [It, Inserted] = OriginIds.try_emplace(Loc.getPtrEncoding(), 0);
    if (Inserted) {
      Origins.push_back({Loc, Kind});
      It->second = Origins.size();
    }
    return It->second;
  };
  auto Unknown = [&](PlaceId Root, PlaceOrigins &S) {
    for (PlaceId P : Places.subtree(Root)) {
      States.forgetFlagsOf(P, S);
      S.ByPlace[P] = {0};
    }
  };
  /// A new value in \p Place: ready, empty, made here, or from elsewhere.
  auto Put = [&](PlaceId Place, const Expr *Value, PlaceOrigins &S) {
    Unknown(Place, S);
    if (Value && !Places[Place].IsTask) {
      // `d = {}`: every task member of the aggregate is empty now;
      // `o = from_result(1)`: the optional holds a ready task;
      // `d = make_pair_of_tasks()`: each was made by that call.
      unsigned Origin = 0;
      if (makesReadyTask(Value, Places.tasks())) {
        for (PlaceId P : Places.subtree(Place))
          if (Places[P].IsTask)
            S.ByPlace[P].clear();
        return;
      }
      if (clearsEveryMember(Value))
        Origin = OriginOf(Value->getBeginLoc(), TaskOrigin::Empty);
      else if (const auto *Call = dyn_cast<CallExpr>(stripTemporaries(Value));
               Call && Call->isPRValue() && !Places.findPlaceOf(Call))
        Origin = OriginOf(Value->getBeginLoc(), TaskOrigin::Made);
      if (Origin)
        for (PlaceId P : Places.subtree(Place))
          if (Places[P].IsTask)
            S.ByPlace[P] = {Origin};
      return;
    }
    if (!Value || !Places[Place].IsTask)
      return;
    PlaceSet &Set = S.ByPlace[Place];
    if (makesEmptyTask(Value))
      Set = {OriginOf(Value->getBeginLoc(), TaskOrigin::Empty)};
    else if (makesReadyTask(Value, Places.tasks()))
      Set.clear();
    else if (!Places.findPlaceOf(stripTemporaries(Value)))
      Set = {OriginOf(Value->getBeginLoc(), TaskOrigin::Made)};
    // else: moved in from another place, whose state is not followed.
  };
  std::vector<std::pair<const Event *, PlaceSet>> Reads;
  bool Reporting = false;
  auto Transfer = [&](const CFGBlock &Block, PlaceOrigins &S) {
    for (const Event &E : States.eventsOf(Block)) {
      switch (E.Kind) {
      case Event::Reset:
        Put(E.Place, E.Value, S);
        break;
      case Event::MemberCall:
        if (Reporting && IsRead(E) && !S.ByPlace[E.Place].empty())
          Reads.push_back({&E, S.ByPlace[E.Place]});
        break;
      case Event::Consume:
        S.ByPlace[E.Place].clear();
        break;
      case Event::ScopeEnd:
        for (PlaceId P : Places.subtree(E.Place))
          S.ByPlace[P].clear();
        break;
      case Event::Escape:
        // Unknown code may have put another task there; the one made here
        // may still be the one it holds.
        for (PlaceId P : Places.subtree(E.Place)) {
          States.forgetFlagsOf(P, S);
          unionInto(S.ByPlace[P], {0});
        }
        break;
      case Event::Swap:
        States.forgetFlagsOf(E.Place, S);
        States.forgetFlagsOf(E.Index, S);
        std::swap(S.ByPlace[E.Place], S.ByPlace[E.Index]);
        break;
      case Event::ResetThis:
        for (PlaceId P : Places.placesInThis())
          Unknown(P, S);
        break;
      case Event::BoolWrite:
        States.write(E, S);
        break;
      case Event::Exit:
        break;
      }
    }
  };
  // Exception edges are taken: a handler may read a task the try body
  // never completed.
  auto Edge = [&](const CFGBlock &Block, unsigned SuccIndex, PlaceOrigins &S) {
    const Expr *Cond = branchCondition(Block);
    if (!Cond || SuccIndex > 1)
      return true;
    for (unsigned Place : States.provenComplete(Cond, SuccIndex == 0, S))
      S.ByPlace[Place].clear();
    return true;
  };

  // Parameters and members come in unknown; locals get a Reset first.
  PlaceOrigins Entry;
  Entry.ByPlace.assign(Places.size(), PlaceSet{0});
  auto In = solveForward(Events.order(), Entry, Transfer, Edge);
  Reporting = true;
  for (const CFGBlock *Block : States.cfg())
    if (auto &S = In[Block->getBlockID()]) {
      PlaceOrigins Copy = *S;
      Transfer(*Block, Copy);
    }

  std::vector<EarlyResultRead> Result;
  for (const auto &[E, From] : Reads) {
    const auto *Call = cast<CXXMemberCallExpr>(E->Value);
    const Expr *Use = skipTransparent(Call->getImplicitObjectArgument());
    const Place &P = Places[E->Place];
    std::string Name = writtenName(Use);
    EarlyResultRead R{Use, Call, Name,
                      P.Parent || !P.Root ? Name : rootName(P), {}};
    for (unsigned O : From)
      if (O > 0)
        R.Origins.push_back(Origins[O - 1]);
    Result.push_back(std::move(R));
  }
  return Result;
}

// ---- unconsumed on a path -------------------------------------------------------

std::vector<DroppedTask> findDroppedTasks(const FunctionEvents &Events) {
  if (Events.consumptions().empty())
    return {};
  TaskStates States(Events);
  const PlaceTable &Places = States.places();
  // A task this function owns: a whole local or by-value parameter, not a
  // reference to, or a part of, someone else's object.
  auto Owned = [&](PlaceId Id) {
    const Place &P = Places[Id];
    const auto *Var = dyn_cast_or_null<VarDecl>(P.Root);
    return P.IsTask && !P.Parent && !P.InThis && Var &&
           !Var->getType()->isReferenceType() &&
           !Var->getType()->isPointerType();
  };

  // Origins: one per new value put into an owned place (and one per
  // parameter).
  llvm::DenseMap<const Event *, unsigned> PutOrigin;
  std::vector<PlaceId> OriginPlace;
  for (const CFGBlock *Block : States.cfg())
    for (const Event &E : States.eventsOf(*Block))
      if (E.Kind == Event::Reset && E.Value && Owned(E.Place) &&
          !makesEmptyTask(E.Value)) {
        PutOrigin[&E] = OriginPlace.size();
        OriginPlace.push_back(E.Place);
      }
  PlaceOrigins Entry;
  Entry.ByPlace.resize(Places.size());
  for (const ParmVarDecl *Param : Events.function().parameters())
    if (std::optional<PlaceId> P = Places.findPlaceOfVariable(*Param);
        P && Owned(*P)) {
      Entry.ByPlace[*P] = {unsigned(OriginPlace.size())};
      OriginPlace.push_back(*P);
    }

  std::vector<llvm::SmallVector<const Consumption *, 2>> ConsumedAt(
      OriginPlace.size());
  struct Drop {
    unsigned Origin;
    SourceLocation Loc;
  };
  std::vector<Drop> Drops;
  bool Reporting = false;
  auto DropAll = [&](PlaceId Root, SourceLocation Loc, PlaceOrigins &S) {
    for (PlaceId P : Places.subtree(Root)) {
      if (Reporting)
        for (unsigned O : S.ByPlace[P])
          Drops.push_back({O, Loc});
      S.ByPlace[P].clear();
    }
  };
  auto Transfer = [&](const CFGBlock &Block, PlaceOrigins &S) {
    for (const Event &E : States.eventsOf(Block)) {
      switch (E.Kind) {
      case Event::Reset:
      case Event::Escape:
        for (PlaceId P : Places.subtree(E.Place))
          S.ByPlace[P].clear();
        if (auto It = PutOrigin.find(&E); It != PutOrigin.end())
          S.ByPlace[E.Place].push_back(It->second);
        break;
      case Event::Consume: {
        const Consumption *C = &Events.consumptions()[E.Index];
        if (Reporting)
          for (unsigned O : S.ByPlace[E.Place])
            if (!llvm::is_contained(ConsumedAt[O], C))
              ConsumedAt[O].push_back(C);
        S.ByPlace[E.Place].clear();
        break;
      }
      case Event::ScopeEnd:
        DropAll(E.Place, E.Loc, S);
        break;
      case Event::Exit:
        for (PlaceId P = 0; P < Places.size(); ++P)
          DropAll(P, E.Loc, S);
        break;
      case Event::Swap:
        std::swap(S.ByPlace[E.Place], S.ByPlace[E.Index]);
        break;
      case Event::MemberCall:
      case Event::ResetThis:
      case Event::BoolWrite:
        break;
      }
    }
  };
  auto Edge = [](const CFGBlock &Block, unsigned SuccIndex, PlaceOrigins &) {
    return takesEdge(Block, SuccIndex);
  };
  auto In = solveForward(Events.order(), Entry, Transfer, Edge);
  Reporting = true;
  for (const CFGBlock *Block : States.cfg())
    if (auto &S = In[Block->getBlockID()]) {
      PlaceOrigins Copy = *S;
      Transfer(*Block, Copy);
    }

  const SourceManager &SM = Events.context().getSourceManager();
  auto Before = [&](const Consumption *A, const Consumption *B) {
    return SM.isBeforeInTranslationUnit(SM.getFileLoc(A->Use->getBeginLoc()),
                                        SM.getFileLoc(B->Use->getBeginLoc()));
  };
  // One finding per exit and place, with the consumptions of every task
  // that place carried there.
  struct PendingDrop {
    SourceLocation Exit;
    PlaceId Place;
    llvm::SmallVector<const Consumption *, 2> At;
  };
  std::vector<PendingDrop> Pending;
  llvm::DenseMap<std::pair<const void *, unsigned>, unsigned> Index;
  for (const Drop &D : Drops) {
    if (ConsumedAt[D.Origin].empty() || D.Loc.isInvalid())
      continue;
    PlaceId Place = OriginPlace[D.Origin];
    auto [It, Inserted] =
        Index.try_emplace({D.Loc.getPtrEncoding(), Place}, Pending.size());
    if (Inserted)
      Pending.push_back({D.Loc, Place, {}});
    auto &At = Pending[It->second].At;
    for (const Consumption *C : ConsumedAt[D.Origin])
      if (!llvm::is_contained(At, C))
        At.push_back(C);
  }
  std::vector<DroppedTask> Found;
  for (auto &[Exit, Place, At] : Pending) {
    llvm::sort(At, Before);
    DroppedTask T{Exit, rootName(Places[Place]), {}};
    for (const Consumption *C : At)
      T.ConsumedAt.push_back(*C);
    Found.push_back(std::move(T));
  }
  return Found;
}

} // namespace valuetask
