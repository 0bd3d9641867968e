//===- ConsumptionAnalysis.h - tasks consumed again on some path -*- C++ -*-==//
//
// A forward "may already be consumed" dataflow over the places of one
// function (Places.h), on the events of Transfer.h, solved by Solver.h.
// The lattice is a bit vector over consumption sites per place: a set bit
// says the object now in that place may have been consumed at that site.
// Join is a union, a new value clears the place's bits, a swap exchanges
// two places' bits. Only places that may be consumed twice (two sites, or
// one that may repeat in a loop) enter it; the bit vectors are sparse, and
// a backward liveness pass drops the bits of places no later consumption
// reads, so the cost grows with the tasks in play at each point. The
// result lists each consumption that some path reaches after earlier ones,
// with those earlier ones.
//
// Paths that cannot run are left out: the back edge of a `do ... while`
// whose condition is false at run time (test-assertion macros), and an
// earlier consumption under `if (c)` paired with a later one under
// `if (!c)` for a `bool` c that nothing writes in between.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_ANALYSIS_CONSUMPTIONANALYSIS_H
#define VALUETASK_CHECKER_ANALYSIS_CONSUMPTIONANALYSIS_H

#include "Transfer.h"
#include <vector>

namespace valuetask {

/// Each consumption of \p Events' function that some path reaches after
/// earlier ones, with those earlier ones.
std::vector<RepeatedConsumption>
findRepeatedConsumptions(const FunctionEvents &Events);

/// Whether the back edge of \p Loop cannot be taken: its condition is a
/// constant false, or a call of a function whose body only returns false
/// (Boost.Test's `while (dummy_cond())`). Exposed for analyses that walk
/// the same CFGs.
bool loopConditionIsFalseAtRunTime(const clang::DoStmt &Loop,
                                   const clang::ASTContext &Ctx);

} // namespace valuetask

#endif
