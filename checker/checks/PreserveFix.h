//===- PreserveFix.h - share a task that is awaited twice -------*- C++ -*-===//
//
// The fix-it of valuetask-double-await where the rewrite is mechanical and
// safe: a local declared `auto t = f();` whose every use in the function is
// `co_await std::move(t)` becomes `auto t = f().preserve();` (a shared_task)
// with each use `co_await t`.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_CHECKS_PRESERVEFIX_H
#define VALUETASK_CHECKER_CHECKS_PRESERVEFIX_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
} // namespace clang

namespace valuetask {

/// The edits that share the task \p Use refers to, or none when the rewrite
/// would not be safe (not such a local, another kind of use, a value that
/// cannot be copied out of a shared_task, a macro, a template).
llvm::SmallVector<clang::FixItHint, 4>
preserveFix(const clang::Expr &Use, const clang::FunctionDecl &Function,
            clang::ASTContext &Ctx);

} // namespace valuetask

#endif
