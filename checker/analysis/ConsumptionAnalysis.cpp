//===- ConsumptionAnalysis.cpp - where tasks are consumed, and again ------===//

#include "ConsumptionAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>
#include <map>

using namespace clang;

namespace valuetask {

namespace {

/// One step of a function's history for one tracked object.
struct Event {
  enum KindT { Consume, Reset, Escape, EscapeMembers } Kind;
  unsigned Object;
  unsigned ConsumptionIndex; // for Consume
};

/// What a use of a tracked object does to it.
struct UseEffect {
  enum KindT { Observe, Consume, Escape } Kind = Observe;
  std::string Event;
  bool IsAwait = false;
};

UseEffect consume(std::string Event, bool IsAwait = false) {
  return {UseEffect::Consume, std::move(Event), IsAwait};
}

UseEffect escape() { return {UseEffect::Escape, "", false}; }

bool isMoveLikeCall(const CallExpr &Call) {
  const auto *Callee = Call.getDirectCallee();
  if (!Callee || Call.getNumArgs() != 1 || !Callee->isInStdNamespace() ||
      !Callee->getIdentifier())
    return false;
  return Callee->getName() == "move" || Callee->getName() == "forward";
}

/// The first parent of \p S that is not an OpaqueValueExpr (co_await refers
/// to its operand twice: as written, and behind an OpaqueValueExpr).
DynTypedNode parentOf(const DynTypedNode &N, ASTContext &Ctx) {
  for (const DynTypedNode &P : Ctx.getParents(N))
    if (!P.get<OpaqueValueExpr>())
      return P;
  return {};
}

/// Nodes a value flows through unchanged on its way to its consumer.
bool isTransparent(const DynTypedNode &P, const Expr &Child) {
  if (P.get<ParenExpr>() || P.get<ImplicitCastExpr>() ||
      P.get<MaterializeTemporaryExpr>() || P.get<CXXBindTemporaryExpr>() ||
      P.get<ExprWithCleanups>())
    return true;
  if (const auto *Call = P.get<CallExpr>())
    return isMoveLikeCall(*Call) && Call->getArg(0) == &Child;
  if (const auto *Cast = P.get<ExplicitCastExpr>())
    return Cast->getTypeAsWritten()->isReferenceType();
  return false;
}

/// Climbs from \p E through transparent nodes; returns the consumer node and
/// sets \p E to its child on the way.
DynTypedNode consumerOf(const Expr *&E, ASTContext &Ctx) {
  DynTypedNode P = parentOf(DynTypedNode::create(*E), Ctx);
  while (isTransparent(P, *E)) {
    E = P.get<Expr>();
    P = parentOf(P, Ctx);
  }
  return P;
}

std::string quoted(llvm::StringRef Name) { return ("'" + Name + "'").str(); }

/// The name of the object an expression denotes, for "moved into 'u'".
std::string writtenName(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl()->getNameAsString();
  return "";
}

std::string calleeName(const FunctionDecl &F) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&F))
    return Ctor->getParent()->getNameAsString();
  return F.getNameAsString();
}

/// Whether binding a task argument to a parameter of type \p Param hands
/// the task over: by value, `&&`, or non-const `&`.
bool isConsumingParameter(QualType Param) {
  if (!Param->isReferenceType())
    return true;
  return !Param.getNonReferenceType().isConstQualified();
}

class UseClassifier {
public:
  UseClassifier(ASTContext &Ctx, const AnalysisOptions &Options)
      : Ctx(Ctx), Options(Options) {}

  /// What the use \p Use of a tracked object (a DeclRefExpr or a MemberExpr
  /// through `this`) does to it.
  UseEffect classify(const Expr *Use) {
    const Expr *Value = Use;
    DynTypedNode P = consumerOf(Value, Ctx);
    if (const auto *Await = P.get<CoawaitExpr>())
      return Await->getOperand()->IgnoreParens() == Value ? consume("awaited", true)
                                                          : UseEffect{};
    if (const auto *Member = P.get<MemberExpr>())
      return memberCall(*Member);
    if (const auto *Call = P.get<CallExpr>())
      return argument(*Call, Value);
    if (const auto *Construct = P.get<CXXConstructExpr>())
      return constructorArgument(*Construct, Value);
    if (const auto *Unary = P.get<UnaryOperator>())
      return Unary->getOpcode() == UO_AddrOf ? escape() : UseEffect{};
    if (const auto *Lambda = P.get<LambdaExpr>())
      return capture(*Lambda, Use);
    return {};
  }

private:
  UseEffect memberCall(const MemberExpr &Member) {
    const auto *Method = dyn_cast<CXXMethodDecl>(Member.getMemberDecl());
    if (!Method || !Method->getIdentifier())
      return {}; // operators and conversions: spelled as calls elsewhere
    llvm::StringRef Name = Method->getName();
    if (Name == "preserve")
      return consume("preserved");
    if (Method->getRefQualifier() == RQ_RValue)
      return consume(("consumed by " + Name + "()").str());
    return {};
  }

  UseEffect argument(const CallExpr &Call, const Expr *Arg) {
    const FunctionDecl *Callee = Call.getDirectCallee();
    unsigned Index = 0;
    while (Index < Call.getNumArgs() && Call.getArg(Index) != Arg)
      ++Index;
    if (!Callee || Index == Call.getNumArgs() ||
        Options.NonConsumingFunctions.contains(*Callee))
      return {};
    std::string Receiver = quoted(calleeName(*Callee));
    // A member operator's object is argument 0 of the call.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
        Op && isa<CXXMethodDecl>(Callee)) {
      if (Index == 0)
        return {}; // `t = ...` resets t; see the Reset event
      --Index;
      std::string Object = writtenName(Op->getArg(0));
      if (Op->getOperator() == OO_Equal)
        return consume("moved into " + quoted(Object));
      if (Op->getOperator() == OO_Call && !Object.empty())
        Receiver = quoted(Object); // a lambda: its name, not 'operator()'
    }
    if (Index >= Callee->getNumParams() || // C variadic
        !isConsumingParameter(Callee->getParamDecl(Index)->getType()))
      return {};
    return consume("passed to " + Receiver);
  }

  UseEffect constructorArgument(const CXXConstructExpr &Construct,
                                const Expr *Arg) {
    const CXXConstructorDecl *Ctor = Construct.getConstructor();
    if (Construct.getNumArgs() == 0 || !Ctor)
      return {};
    unsigned Index = 0;
    while (Index < Construct.getNumArgs() && Construct.getArg(Index) != Arg)
      ++Index;
    if (Index >= Ctor->getNumParams() ||
        !isConsumingParameter(Ctor->getParamDecl(Index)->getType()))
      return {};
    if (!Options.Tasks.isTask(Construct.getType()))
      return consume("passed to " + quoted(calleeName(*Ctor)));
    // A move construction: the destination names the event.
    const Expr *Moved = &Construct;
    DynTypedNode Dest = consumerOf(Moved, Ctx);
    if (const auto *Var = Dest.get<VarDecl>())
      return Var->isInitCapture()
                 ? consume("captured by a lambda")
                 : consume("moved into " + quoted(Var->getName()));
    if (const auto *Init = Dest.get<CXXCtorInitializer>())
      if (const FieldDecl *Field = Init->getMember())
        return consume("moved into " + quoted(Field->getName()));
    if (Dest.get<LambdaExpr>())
      return consume("captured by a lambda");
    if (const auto *Call = Dest.get<CallExpr>())
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        return consume("passed to " + quoted(calleeName(*Callee)));
    if (const auto *Outer = Dest.get<CXXConstructExpr>())
      if (Outer->getConstructor())
        return consume("passed to " + quoted(calleeName(*Outer->getConstructor())));
    if (Dest.get<ReturnStmt>() || Dest.get<CoreturnStmt>())
      return escape();
    return consume("moved into a temporary");
  }

  /// A by-reference capture consumes the task when the lambda's body does.
  UseEffect capture(const LambdaExpr &Lambda, const Expr *Use) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Use);
    if (!Ref)
      return {};
    for (const LambdaCapture &C : Lambda.captures())
      if (C.capturesVariable() && C.getCapturedVar() == Ref->getDecl() &&
          C.getCaptureKind() == LCK_ByRef &&
          bodyConsumes(*Lambda.getBody(), *Ref->getDecl()))
        return consume("captured by a lambda");
    return {};
  }

  bool bodyConsumes(const Stmt &Body, const ValueDecl &Var) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(&Body))
      if (Ref->getDecl() == &Var && classify(Ref).Kind == UseEffect::Consume)
        return true;
    for (const Stmt *Child : Body.children())
      if (Child && bodyConsumes(*Child, Var))
        return true;
    return false;
  }

  ASTContext &Ctx;
  const AnalysisOptions &Options;
};

bool isThis(const Expr *E) {
  return E && isa<CXXThisExpr>(E->IgnoreParenImpCasts());
}

const Stmt *userBodyOf(const FunctionDecl &FD) {
  const Stmt *Body = FD.getBody();
  if (const auto *Coroutine = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    return Coroutine->getBody(); // without the implicit initial/final awaits
  return Body;
}

/// Builds the events of one function and runs the dataflow over them.
class Analyzer {
public:
  Analyzer(ASTContext &Ctx, const AnalysisOptions &Options,
           FunctionConsumptions &Result)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Options(Options),
        Classifier(Ctx, Options), Result(Result) {}

  void run(const CFG &Graph);

private:
  // Per tracked object, the consumptions that may already have happened.
  using State = llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>>;

  std::optional<unsigned> trackedObjectOf(const Expr *E);
  unsigned objectId(const ValueDecl *D, bool IsMember);
  void collectAliases(const CFG &Graph);
  void collectEvents(const CFG &Graph);
  void addEventsOf(const Stmt *S, std::vector<Event> &Events);
  void selectObjectsThatCanRepeat(const CFG &Graph);
  void transfer(const CFGBlock &Block, State &S, bool Report);
  void report(unsigned Later, llvm::ArrayRef<unsigned> Earlier);
  bool isBefore(unsigned A, unsigned B) const;
  bool isInPreviousIteration(unsigned Earlier, unsigned Later);

  ASTContext &Ctx;
  const SourceManager &SM;
  const AnalysisOptions &Options;
  UseClassifier Classifier;
  FunctionConsumptions &Result;

  llvm::DenseMap<const ValueDecl *, unsigned> Objects;
  llvm::SmallVector<bool, 8> ObjectIsMember;
  llvm::DenseMap<const VarDecl *, const Expr *> Aliases; // reference -> referent
  llvm::SmallPtrSet<const Stmt *, 32> SeenUses;
  std::vector<std::vector<Event>> BlockEvents; // by block ID
  llvm::BitVector CanRepeat; // by object: worth tracking in the dataflow
};

unsigned Analyzer::objectId(const ValueDecl *D, bool IsMember) {
  auto [It, Inserted] = Objects.try_emplace(D, Objects.size());
  if (Inserted)
    ObjectIsMember.push_back(IsMember);
  return It->second;
}

std::optional<unsigned> Analyzer::trackedObjectOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Options.Tasks.isTask(Var->getType()))
      return std::nullopt;
    if (auto Alias = Aliases.find(Var); Alias != Aliases.end())
      return trackedObjectOf(Alias->second);
    if (!Var->hasLocalStorage())
      return std::nullopt; // globals and statics: valuetask-stored-task
    return objectId(Var, false);
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (Field && isThis(Member->getBase()) &&
        Options.Tasks.isTask(Field->getType()))
      return objectId(Field, true);
  }
  return std::nullopt;
}

/// `auto &r = t;` (or `auto &&r = std::move(t);`) makes `r` another name
/// for `t`.
void Analyzer::collectAliases(const CFG &Graph) {
  for (const CFGBlock *Block : Graph)
    for (const CFGElement &Element : *Block) {
      auto S = Element.getAs<CFGStmt>();
      const auto *Decl = S ? dyn_cast<DeclStmt>(S->getStmt()) : nullptr;
      if (!Decl)
        continue;
      for (const auto *D : Decl->decls()) {
        const auto *Var = dyn_cast<VarDecl>(D);
        if (!Var || !Var->getType()->isReferenceType() || !Var->getInit())
          continue;
        const Expr *Referent = Var->getInit()->IgnoreParenImpCasts();
        if (const auto *Call = dyn_cast<CallExpr>(Referent);
            Call && isMoveLikeCall(*Call))
          Referent = Call->getArg(0)->IgnoreParenImpCasts();
        if (trackedObjectOf(Referent))
          Aliases[Var] = Referent;
      }
    }
}

void Analyzer::addEventsOf(const Stmt *S, std::vector<Event> &Events) {
  if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
    // A declaration (again, in a loop) starts the object afresh; so does a
    // reference bound anew, e.g. a range-for's `value_task<int> &t : tasks`.
    for (const auto *D : Decl->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->hasLocalStorage() && !Aliases.count(Var) &&
          Options.Tasks.isTask(Var->getType()))
        Events.push_back({Event::Reset, objectId(Var, false), 0});
    return;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Op->getOperator() == OO_Equal)
      if (auto Object = trackedObjectOf(Op->getArg(0)))
        Events.push_back({Event::Reset, *Object, 0});
    return;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    // A non-const member function may re-assign any member task.
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && !Method->isConst() && isThis(Call->getImplicitObjectArgument()))
      Events.push_back({Event::EscapeMembers, 0, 0});
    return;
  }
  if (!isa<DeclRefExpr, MemberExpr>(S) || !SeenUses.insert(S).second)
    return;
  const auto *Use = cast<Expr>(S);
  std::optional<unsigned> Object = trackedObjectOf(Use);
  if (!Object)
    return;
  UseEffect Effect = Classifier.classify(Use);
  if (Effect.Kind == UseEffect::Escape)
    Events.push_back({Event::Escape, *Object, 0});
  if (Effect.Kind != UseEffect::Consume)
    return;
  Events.push_back(
      {Event::Consume, *Object, unsigned(Result.Consumptions.size())});
  Result.Consumptions.push_back(
      {Use, writtenName(Use), std::move(Effect.Event), Effect.IsAwait});
}

void Analyzer::collectEvents(const CFG &Graph) {
  BlockEvents.resize(Graph.getNumBlockIDs());
  for (const CFGBlock *Block : Graph)
    for (const CFGElement &Element : *Block) {
      auto &Events = BlockEvents[Block->getBlockID()];
      if (auto S = Element.getAs<CFGStmt>())
        addEventsOf(S->getStmt(), Events);
      // Out of scope, an object's history no longer matters: dropping it
      // keeps the state as small as the set of live tasks.
      else if (auto End = Element.getAs<CFGLifetimeEnds>())
        if (const VarDecl *Var = End->getVarDecl();
            Var && !Aliases.count(Var) && Options.Tasks.isTask(Var->getType()))
          Events.push_back({Event::Reset, objectId(Var, false), 0});
    }
}

/// The blocks that lie on a cycle of the CFG: strongly connected components
/// of more than one block, or a block that is its own successor (Tarjan's
/// algorithm, iterative, linear in the graph).
llvm::BitVector blocksOnCycles(const CFG &Graph) {
  const unsigned N = Graph.getNumBlockIDs();
  std::vector<int> Index(N, -1), Low(N, 0);
  llvm::BitVector OnStack(N), OnCycle(N);
  std::vector<const CFGBlock *> Stack;
  struct Frame {
    const CFGBlock *Block;
    CFGBlock::const_succ_iterator Next;
  };
  int Counter = 0;
  auto Visit = [&](const CFGBlock *B, std::vector<Frame> &Calls) {
    unsigned Id = B->getBlockID();
    Index[Id] = Low[Id] = Counter++;
    Stack.push_back(B);
    OnStack.set(Id);
    Calls.push_back({B, B->succ_begin()});
  };
  for (const CFGBlock *Root : Graph) {
    if (Index[Root->getBlockID()] != -1)
      continue;
    std::vector<Frame> Calls;
    Visit(Root, Calls);
    while (!Calls.empty()) {
      const CFGBlock *B = Calls.back().Block;
      unsigned Id = B->getBlockID();
      if (Calls.back().Next != B->succ_end()) {
        const CFGBlock *Succ = *Calls.back().Next++;
        if (!Succ)
          continue;
        unsigned SuccId = Succ->getBlockID();
        if (Succ == B)
          OnCycle.set(Id);
        if (Index[SuccId] == -1)
          Visit(Succ, Calls);
        else if (OnStack.test(SuccId))
          Low[Id] = std::min(Low[Id], Index[SuccId]);
        continue;
      }
      if (Low[Id] == Index[Id]) {
        size_t Top = Stack.size();
        while (Stack[Top - 1] != B)
          --Top;
        bool Cycle = Stack.size() - Top > 0; // more blocks than B alone
        for (size_t I = Top - 1; I < Stack.size(); ++I) {
          OnStack.reset(Stack[I]->getBlockID());
          if (Cycle)
            OnCycle.set(Stack[I]->getBlockID());
        }
        Stack.resize(Top - 1);
      }
      Calls.pop_back();
      if (!Calls.empty()) {
        unsigned Caller = Calls.back().Block->getBlockID();
        Low[Caller] = std::min(Low[Caller], Low[Id]);
      }
    }
  }
  return OnCycle;
}

/// Only an object consumed twice, or once inside a cycle, can be consumed
/// again: the dataflow tracks just those (2,000 distinct tasks awaited once
/// each cost nothing).
void Analyzer::selectObjectsThatCanRepeat(const CFG &Graph) {
  std::vector<unsigned> Count(Objects.size());
  CanRepeat.resize(Objects.size());
  llvm::BitVector OnCycle = blocksOnCycles(Graph);
  for (const CFGBlock *Block : Graph)
    for (const Event &E : BlockEvents[Block->getBlockID()])
      if (E.Kind == Event::Consume &&
          (++Count[E.Object] > 1 || OnCycle.test(Block->getBlockID())))
        CanRepeat.set(E.Object);
}

void Analyzer::transfer(const CFGBlock &Block, State &S, bool Report) {
  for (const Event &E : BlockEvents[Block.getBlockID()]) {
    switch (E.Kind) {
    case Event::Consume: {
      if (!CanRepeat.test(E.Object))
        break;
      auto &Earlier = S[E.Object];
      if (Report && !Earlier.empty())
        report(E.ConsumptionIndex, Earlier);
      auto Pos = llvm::lower_bound(Earlier, E.ConsumptionIndex);
      if (Pos == Earlier.end() || *Pos != E.ConsumptionIndex)
        Earlier.insert(Pos, E.ConsumptionIndex);
      break;
    }
    case Event::Reset:
    case Event::Escape:
      S.erase(E.Object);
      break;
    case Event::EscapeMembers:
      for (unsigned Object = 0; Object < ObjectIsMember.size(); ++Object)
        if (ObjectIsMember[Object])
          S.erase(Object);
      break;
    }
  }
}

/// Adds \p From into \p Into; true if \p Into grew.
bool join(llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> &Into,
          const llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> &From) {
  bool Grew = false;
  for (const auto &[Object, Consumed] : From) {
    auto &Target = Into[Object];
    for (unsigned C : Consumed) {
      auto Pos = llvm::lower_bound(Target, C);
      if (Pos != Target.end() && *Pos == C)
        continue;
      Target.insert(Pos, C);
      Grew = true;
    }
  }
  return Grew;
}

void Analyzer::run(const CFG &Graph) {
  collectAliases(Graph);
  collectEvents(Graph);
  selectObjectsThatCanRepeat(Graph);
  if (CanRepeat.none())
    return;

  // Forward "may be consumed" to a fixpoint; sets only grow, so it ends.
  std::vector<std::optional<State>> In(Graph.getNumBlockIDs());
  llvm::BitVector Queued(Graph.getNumBlockIDs());
  std::deque<const CFGBlock *> Worklist{&Graph.getEntry()};
  In[Graph.getEntry().getBlockID()].emplace();
  while (!Worklist.empty()) {
    const CFGBlock *Block = Worklist.front();
    Worklist.pop_front();
    Queued.reset(Block->getBlockID());
    State Out = *In[Block->getBlockID()];
    transfer(*Block, Out, /*Report=*/false);
    for (const CFGBlock *Succ : Block->succs()) {
      if (!Succ)
        continue; // an edge the CFG proved impossible
      auto &SuccIn = In[Succ->getBlockID()];
      bool Changed = !SuccIn;
      if (!SuccIn)
        SuccIn = Out;
      else
        Changed = join(*SuccIn, Out);
      if (Changed && !Queued.test(Succ->getBlockID())) {
        Queued.set(Succ->getBlockID());
        Worklist.push_back(Succ);
      }
    }
  }
  // One replay per reachable block reports each consumption once.
  for (const CFGBlock *Block : Graph)
    if (In[Block->getBlockID()]) {
      State S = *In[Block->getBlockID()];
      transfer(*Block, S, /*Report=*/true);
    }
}

SourceLocation locationOf(const Consumption &C, const SourceManager &SM) {
  return SM.getFileLoc(C.Use->getBeginLoc());
}

bool Analyzer::isBefore(unsigned A, unsigned B) const {
  return SM.isBeforeInTranslationUnit(locationOf(Result.Consumptions[A], SM),
                                      locationOf(Result.Consumptions[B], SM));
}

bool isLoop(const DynTypedNode &N) {
  return N.get<ForStmt>() || N.get<WhileStmt>() || N.get<DoStmt>() ||
         N.get<CXXForRangeStmt>();
}

bool isFunctionBoundary(const DynTypedNode &N) {
  return N.get<FunctionDecl>() || N.get<LambdaExpr>();
}

/// An earlier consumption that does not come first in the source reached
/// this one around a loop that holds both.
bool Analyzer::isInPreviousIteration(unsigned Earlier, unsigned Later) {
  if (Earlier == Later)
    return true;
  if (isBefore(Earlier, Later))
    return false;
  auto LoopsAround = [&](unsigned Index) {
    llvm::SmallPtrSet<const Stmt *, 4> Loops;
    DynTypedNode N = DynTypedNode::create(*Result.Consumptions[Index].Use);
    while (!N.getNodeKind().isNone() && !isFunctionBoundary(N)) {
      if (isLoop(N))
        Loops.insert(N.get<Stmt>());
      N = parentOf(N, Ctx);
    }
    return Loops;
  };
  auto Shared = LoopsAround(Earlier);
  return llvm::any_of(LoopsAround(Later),
                      [&](const Stmt *Loop) { return Shared.count(Loop); });
}

void Analyzer::report(unsigned Later, llvm::ArrayRef<unsigned> Earlier) {
  RepeatedConsumption R{Later, {}};
  for (unsigned E : Earlier)
    R.Earlier.push_back({E, isInPreviousIteration(E, Later)});
  llvm::sort(R.Earlier, [&](const auto &A, const auto &B) {
    return isBefore(A.Index, B.Index) ||
           (!isBefore(B.Index, A.Index) && A.Index < B.Index);
  });
  Result.Repeated.push_back(std::move(R));
}

/// Whether \p S mentions a task object at all: most functions do not, and
/// they get no CFG.
bool mentionsTask(const Stmt &S, const TaskTypes &Tasks) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(&S))
    if (Tasks.isTask(Ref->getType()))
      return true;
  if (const auto *Member = dyn_cast<MemberExpr>(&S))
    if (Tasks.isTask(Member->getType()))
      return true;
  for (const Stmt *Child : S.children())
    if (Child && mentionsTask(*Child, Tasks))
      return true;
  return false;
}

std::unique_ptr<FunctionConsumptions>
computeConsumptions(const FunctionDecl &FD, ASTContext &Ctx,
                    const AnalysisOptions &Options) {
  if (FD.isDependentContext() || FD.isInvalidDecl() ||
      !FD.doesThisDeclarationHaveABody())
    return nullptr;
  const Stmt *Body = userBodyOf(FD);
  if (!Body || !mentionsTask(*Body, Options.Tasks))
    return nullptr;
  CFG::BuildOptions BuildOptions;
  BuildOptions.setAllAlwaysAdd(); // every use is an element, in evaluation order
  BuildOptions.AddLifetime = true; // scope ends, to forget dead objects
  std::unique_ptr<CFG> Graph = CFG::buildCFG(
      &FD, const_cast<Stmt *>(Body), &Ctx, BuildOptions);
  if (!Graph)
    return nullptr;
  auto Result = std::make_unique<FunctionConsumptions>();
  Analyzer(Ctx, Options, *Result).run(*Graph);
  return Result;
}

/// Results of the current translation unit, per configuration, per function.
/// thread_local: clangd builds several ASTs at once, one per thread.
struct Cache {
  const ASTContext *Context = nullptr;
  std::map<std::string,
           llvm::DenseMap<const FunctionDecl *,
                          std::unique_ptr<FunctionConsumptions>>>
      ByConfiguration;
};
thread_local Cache TheCache;

} // namespace

bool RepeatedConsumption::isDoubleAwait(llvm::ArrayRef<Consumption> All) const {
  return All[Later].IsAwait &&
         llvm::all_of(Earlier, [&](const auto &E) { return All[E.Index].IsAwait; });
}

const FunctionConsumptions *analyzeFunction(const FunctionDecl &FD,
                                            ASTContext &Ctx,
                                            const AnalysisOptions &Options) {
  if (TheCache.Context != &Ctx) {
    TheCache.ByConfiguration.clear();
    TheCache.Context = &Ctx;
  }
  auto &Functions = TheCache.ByConfiguration[Options.Key];
  auto [It, Inserted] = Functions.try_emplace(&FD);
  if (Inserted)
    It->second = computeConsumptions(FD, Ctx, Options);
  return It->second.get();
}

void forgetCachedAnalyses() {
  TheCache.ByConfiguration.clear();
  TheCache.Context = nullptr;
}

} // namespace valuetask
