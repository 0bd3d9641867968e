//===- Solver.h - dataflow solvers over a CFG -------------------*- C++ -*-===//
//
// Blocks in reverse post-order, round-robin (each round visits the blocks
// whose entry state changed, so an acyclic graph takes one round and a loop
// one more per nesting level, with no priority queue), one entry state per
// block, joined over predecessors until nothing changes. The lattice is a
// type parameter:
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
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>
#include <vector>

namespace valuetask {

/// The entry state of every block (std::nullopt: unreachable).
template <typename Lattice> using BlockStates = std::vector<std::optional<Lattice>>;

/// A CFG's blocks reachable from the entry, in reverse post-order: built
/// once per function, for every pass over it.
struct BlockOrder {
  const clang::CFG *Graph;
  std::vector<const clang::CFGBlock *> Blocks;
  llvm::BitVector Reachable; // by block ID

  explicit BlockOrder(const clang::CFG &Graph)
      : Graph(&Graph), Reachable(Graph.getNumBlockIDs()) {
    clang::PostOrderCFGView Order(&Graph); // iterates in reverse post-order
    Blocks.assign(Order.begin(), Order.end());
    for (const clang::CFGBlock *Block : Blocks)
      Reachable.set(Block->getBlockID());
  }
};

/// Runs to a fixpoint from \p Entry at the CFG's entry block.
/// \p Transfer: void(const CFGBlock &, Lattice &) — the block's effect.
/// \p Edge: bool(const CFGBlock &From, unsigned SuccIndex, Lattice &) —
/// false if the edge cannot be taken in that state (may refine it).
template <typename Lattice, typename TransferFn, typename EdgeFn>
BlockStates<Lattice> solveForward(const BlockOrder &Order, Lattice Entry,
                                  TransferFn Transfer, EdgeFn Edge) {
  const clang::CFG &Graph = *Order.Graph;
  BlockStates<Lattice> In(Graph.getNumBlockIDs());
  In[Graph.getEntry().getBlockID()] = std::move(Entry);
  // Round-robin in reverse post-order: each round visits the blocks whose
  // entry state changed; only a loop's back edges call for another round.
  llvm::BitVector Changed(Graph.getNumBlockIDs());
  Changed.set(Graph.getEntry().getBlockID());
  while (Changed.any()) {
    for (const clang::CFGBlock *Block : Order.Blocks) {
      if (!Changed.test(Block->getBlockID()))
        continue;
      Changed.reset(Block->getBlockID());
      Lattice Out = *In[Block->getBlockID()];
      Transfer(*Block, Out);
      unsigned Last = 0, Index = 0; // the last successor takes Out itself
      for (const clang::CFGBlock *Succ : Block->succs()) {
        if (Succ)
          Last = Index;
        ++Index;
      }
      Index = 0;
      for (const clang::CFGBlock *Succ : Block->succs()) {
        unsigned SuccIndex = Index++;
        if (!Succ)
          continue; // an edge the CFG proved impossible
        Lattice Along = SuccIndex == Last ? std::move(Out) : Out;
        if (!Edge(*Block, SuccIndex, Along))
          continue;
        auto &SuccIn = In[Succ->getBlockID()];
        bool Grew = !SuccIn;
        if (!SuccIn)
          SuccIn = std::move(Along);
        else
          Grew = SuccIn->join(Along);
        if (Grew && Order.Reachable.test(Succ->getBlockID()))
          Changed.set(Succ->getBlockID());
      }
    }
  }
  return In;
}

template <typename Lattice, typename TransferFn>
BlockStates<Lattice> solveForward(const BlockOrder &Order, Lattice Entry,
                                  TransferFn Transfer) {
  return solveForward(Order, std::move(Entry), Transfer,
                      [](const clang::CFGBlock &, unsigned, Lattice &) {
                        return true;
                      });
}

/// The exit state of every block of a backward analysis over the blocks
/// reachable from the entry: each the join of its successors' entry states,
/// starting from Lattice{} (the bottom), round-robin in post-order until
/// nothing changes.
/// \p Transfer: void(const CFGBlock &, Lattice &) — from exit to entry.
template <typename Lattice, typename TransferFn>
std::vector<Lattice> solveBackward(const BlockOrder &Order,
                                   TransferFn Transfer) {
  std::vector<Lattice> Out(Order.Graph->getNumBlockIDs());
  llvm::BitVector Changed = Order.Reachable;
  while (Changed.any()) {
    for (const clang::CFGBlock *Block : llvm::reverse(Order.Blocks)) {
      if (!Changed.test(Block->getBlockID()))
        continue;
      Changed.reset(Block->getBlockID());
      Lattice In = Out[Block->getBlockID()];
      Transfer(*Block, In);
      for (const clang::CFGBlock *Pred : Block->preds())
        if (Pred && Order.Reachable.test(Pred->getBlockID()) &&
            Out[Pred->getBlockID()].join(In))
          Changed.set(Pred->getBlockID());
    }
  }
  return Out;
}

} // namespace valuetask

#endif
