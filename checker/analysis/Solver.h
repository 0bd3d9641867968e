//===- Solver.h - dataflow solvers over a CFG -------------------*- C++ -*-===//
//
// Blocks in reverse post-order (clang's ForwardDataflowWorklist), one entry
// state per block, joined over predecessors until nothing changes. The
// lattice is a type parameter:
//
//   struct Lattice {
//     bool join(const Lattice &Other); // least upper bound; true if changed
//   };
//
// and the caller supplies the transfer of a block and, optionally, the
// refinement of a state along one edge (a branch condition's value); an
// edge the refinement rejects is not taken. solveBackward is the same for
// an analysis from the exits up (liveness).
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_ANALYSIS_SOLVER_H
#define VALUETASK_CHECKER_ANALYSIS_SOLVER_H

#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "llvm/ADT/BitVector.h"
#include <optional>
#include <vector>

namespace valuetask {

/// The entry state of every block (std::nullopt: unreachable).
template <typename Lattice> using BlockStates = std::vector<std::optional<Lattice>>;

/// Runs to a fixpoint from \p Entry at the CFG's entry block.
/// \p Transfer: void(const CFGBlock &, Lattice &) — the block's effect.
/// \p Edge: bool(const CFGBlock &From, unsigned SuccIndex, Lattice &) —
/// false if the edge cannot be taken in that state (may refine it).
template <typename Lattice, typename TransferFn, typename EdgeFn>
BlockStates<Lattice> solveForward(const clang::CFG &Graph, Lattice Entry,
                                  TransferFn Transfer, EdgeFn Edge) {
  BlockStates<Lattice> In(Graph.getNumBlockIDs());
  clang::PostOrderCFGView Order(&Graph);
  clang::ForwardDataflowWorklist Worklist(Graph, &Order);
  In[Graph.getEntry().getBlockID()] = std::move(Entry);
  Worklist.enqueueBlock(&Graph.getEntry());
  while (const clang::CFGBlock *Block = Worklist.dequeue()) {
    Lattice Out = *In[Block->getBlockID()];
    Transfer(*Block, Out);
    unsigned Index = 0;
    for (const clang::CFGBlock *Succ : Block->succs()) {
      unsigned SuccIndex = Index++;
      if (!Succ)
        continue; // an edge the CFG proved impossible
      Lattice Along = Out;
      if (!Edge(*Block, SuccIndex, Along))
        continue;
      auto &SuccIn = In[Succ->getBlockID()];
      bool Changed = !SuccIn;
      if (!SuccIn)
        SuccIn = std::move(Along);
      else
        Changed = SuccIn->join(Along);
      if (Changed)
        Worklist.enqueueBlock(Succ);
    }
  }
  return In;
}

template <typename Lattice, typename TransferFn>
BlockStates<Lattice> solveForward(const clang::CFG &Graph, Lattice Entry,
                                  TransferFn Transfer) {
  return solveForward(Graph, std::move(Entry), Transfer,
                      [](const clang::CFGBlock &, unsigned, Lattice &) {
                        return true;
                      });
}

/// The exit state of every block of a backward analysis over the blocks
/// reachable from the entry: each the join of its successors' entry states,
/// starting from Lattice{} (the bottom), in post-order until nothing changes.
/// \p Transfer: void(const CFGBlock &, Lattice &) — from exit to entry.
template <typename Lattice, typename TransferFn>
std::vector<Lattice> solveBackward(const clang::CFG &Graph,
                                   TransferFn Transfer) {
  std::vector<Lattice> Out(Graph.getNumBlockIDs());
  clang::PostOrderCFGView Order(&Graph);
  llvm::BitVector Reachable(Graph.getNumBlockIDs());
  clang::DataflowWorklistBase<clang::PostOrderCFGView::BlockOrderCompare, 20>
      Worklist(Graph, Order.getComparator());
  for (const clang::CFGBlock *Block : Order) {
    Reachable.set(Block->getBlockID());
    Worklist.enqueueBlock(Block);
  }
  while (const clang::CFGBlock *Block = Worklist.dequeue()) {
    Lattice In = Out[Block->getBlockID()];
    Transfer(*Block, In);
    for (const clang::CFGBlock *Pred : Block->preds())
      if (Pred && Reachable.test(Pred->getBlockID()) &&
          Out[Pred->getBlockID()].join(In))
        Worklist.enqueueBlock(Pred);
  }
  return Out;
}

} // namespace valuetask

#endif
