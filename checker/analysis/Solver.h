//===- Solver.h - a forward dataflow solver over a CFG ----------*- C++ -*-===//
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
// edge refined to std::nullopt is not taken.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_ANALYSIS_SOLVER_H
#define VALUETASK_CHECKER_ANALYSIS_SOLVER_H

#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
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

} // namespace valuetask

#endif
