//===- Events.h - what a function does to its places ------------*- C++ -*-===//
//
// The transfer function (Transfer.h) turns each CFG element into events on
// places. Consumptions carry what the checks need to put them into words:
// the use, its kind and the receiving declaration. No English here: the
// checks choose the words (%select over ConsumptionKind).
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_ANALYSIS_EVENTS_H
#define VALUETASK_CHECKER_ANALYSIS_EVENTS_H

#include "Places.h"

namespace clang {
class NamedDecl;
class VarDecl;
} // namespace clang

namespace valuetask {

/// How a task is consumed. The order is the order of the %select in the
/// checks' messages: keep them in step.
enum class ConsumptionKind {
  Await,          // co_await std::move(t)
  MoveInto,       // auto u = std::move(t); u = std::move(t); Receiver: u
  MoveIntoTemporary, // value_task<int>(std::move(t)), Receiver: null
  PassTo,         // f(std::move(t)), by value, && or non-const &; Receiver: f
  Preserve,       // std::move(t).preserve()
  ConsumingMember, // std::move(t).result(), any &&-qualified member; Receiver
  LambdaCall,     // a lambda that consumes t by reference is called; Receiver:
                  // the lambda's variable (null: called where it is written)
  LambdaCapture,  // a lambda that consumes t by reference is handed on or
                  // captures it by move; Receiver: the callee, if any
};

/// One consumption of a place.
struct Consumption {
  const clang::Expr *Use; // diagnostics point here (the task, or the call)
  PlaceId Place;
  ConsumptionKind Kind;
  const clang::NamedDecl *Receiver;
  std::string Name; // the object as written at the use (`t`, `s.m`)
};

/// One step of the function's history, in evaluation order.
struct Event {
  enum KindT {
    Consume, // Index: into the consumption list
    Reset,   // a new value (declaration, assignment, `= {}`, an unknown
             // write): the place and its parts start afresh. Value: the new
             // value where it is written, null for an unknown write
    Escape,  // the object's address reaches unknown code: stop judging it
    Swap,    // two places exchange their values (Index: the other place)
    ResetThis, // a call that may change any member of *this
    ScopeEnd,  // the place's variable dies at Loc (the closing brace, or
               // the return, break or goto that leaves its scope)
    Exit,      // the function returns or throws at Loc (Place unused)
    MemberCall, // Value: a call of a named member function on the task
                // in the place (the result analysis picks its readers)
    BoolWrite,  // Var, a local `bool`, is written: Value is the new value,
                // null for an unknown write or the end of its scope
  } Kind;
  Event(KindT Kind, PlaceId Place = 0, unsigned Index = 0)
      : Kind(Kind), Place(Place), Index(Index) {}
  PlaceId Place;
  unsigned Index;
  const clang::Expr *Value = nullptr;
  const clang::VarDecl *Var = nullptr;
  clang::SourceLocation Loc;
};

/// A consumption that some path reaches after earlier ones.
struct RepeatedConsumption {
  unsigned Later; // index into the consumption list
  struct EarlierConsumption {
    unsigned Index;
    bool InPreviousIteration; // reached it only around a loop
  };
  llvm::SmallVector<EarlierConsumption, 2> Earlier;

  /// Both this consumption and every earlier one are co_awaits.
  bool isDoubleAwait(llvm::ArrayRef<Consumption> All) const {
    auto IsAwait = [&](unsigned I) {
      return All[I].Kind == ConsumptionKind::Await;
    };
    return IsAwait(Later) && llvm::all_of(Earlier, [&](const auto &E) {
             return IsAwait(E.Index);
           });
  }
};

} // namespace valuetask

#endif
