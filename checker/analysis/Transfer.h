//===- Transfer.h - CFG elements to events on places ------------*- C++ -*-===//
//
// The transfer function of the consumption analysis, as a visitor that looks
// *down* from each CFG element (model: clang's Consumed.cpp): a co_await,
// call, construction, member call, declaration or lambda decides what it
// does to the places among its operands. Elements are visited in the CFG's
// evaluation order (CFG::BuildOptions::setAllAlwaysAdd), so a task moved
// into a constructor is seen before the declaration that names the
// receiver; the declaration then refines the consumption it finds.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_ANALYSIS_TRANSFER_H
#define VALUETASK_CHECKER_ANALYSIS_TRANSFER_H

#include "Events.h"
#include "Solver.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseSet.h"
#include <map>
#include <memory>
#include <string>

namespace valuetask {

/// What the transfer function is configured with.
struct TransferOptions {
  const TaskTypes &Tasks;
  /// Functions that observe the tasks passed to them.
  const QualifiedNameList &NonConsumingFunctions;
};

/// Whether the edge from \p From to its successor \p SuccIndex is only
/// taken when a call in \p From throws (CFG::BuildOptions::AddEHEdges).
bool isExceptionEdge(const clang::CFGBlock &From, unsigned SuccIndex);

/// A function body's CFG and places, and the events of each CFG element.
/// Built once per function; the checks and further analyses read it.
class FunctionEvents {
public:
  /// Builds the CFG of \p FD (a coroutine: its body as written) and the
  /// events; null for a function without a body, a dependent one, one that
  /// mentions no tracked object, or one whose CFG cannot be built.
  static std::unique_ptr<FunctionEvents>
  build(const clang::FunctionDecl &FD, clang::ASTContext &Ctx,
        const TransferOptions &Options);

  const clang::CFG &cfg() const { return *Graph; }
  /// The CFG's reachable blocks in reverse post-order.
  const BlockOrder &order() const { return *Order; }
  const PlaceTable &places() const { return Places; }
  llvm::ArrayRef<Consumption> consumptions() const { return Consumptions; }
  /// The events of block \p BlockID, in evaluation order.
  llvm::ArrayRef<Event> eventsOf(unsigned BlockID) const {
    return BlockEvents[BlockID];
  }
  /// The block each consumption happens in, by consumption index.
  unsigned blockOf(unsigned Consumption) const {
    return ConsumptionBlocks[Consumption];
  }
  const clang::FunctionDecl &function() const { return *Function; }
  clang::ASTContext &context() const { return *Ctx; }

private:
  friend class TransferVisitor;
  FunctionEvents(const TaskTypes &Tasks) : Places(Tasks) {}

  const clang::FunctionDecl *Function = nullptr;
  clang::ASTContext *Ctx = nullptr;
  std::unique_ptr<clang::CFG> Graph;
  std::optional<BlockOrder> Order;
  PlaceTable Places;
  std::vector<Consumption> Consumptions;
  std::vector<unsigned> ConsumptionBlocks;
  std::vector<std::vector<Event>> BlockEvents;
};

/// The events of one translation unit's functions, each built once for all
/// the analyses that ask under the same configuration, and kept until
/// clear(): the checks read a function one after another.
class FunctionEventsCache {
public:
  /// The events of \p FD under \p Options; null where
  /// FunctionEvents::build() skips it.
  const FunctionEvents *get(const clang::FunctionDecl &FD,
                            clang::ASTContext &Ctx,
                            const TransferOptions &Options);
  void clear() { Built.clear(); }

private:
  /// By function and configuration (the spelling of both name lists).
  std::map<std::pair<const clang::FunctionDecl *, std::string>,
           std::unique_ptr<FunctionEvents>>
      Built;
};

} // namespace valuetask

#endif
