//===- TaskCheck.h - a check over the declarations of user code -*- C++ -*-===//
//
// Every valuetask check reads the `ValueTaskTypes` option and analyses the
// declarations written outside system headers and the task library one at
// a time: function definitions, fields with an in-class initializer,
// variables with static storage and an initializer. This base finds them
// and hands each to its handler, in either of the front ends' traversals
// (Check.h: Traversal):
//
// - the whole translation unit (clang-tidy): one match on the translation
//   unit, then a walk that skips each declaration a system header holds
//   along with everything inside it. A matcher on every declaration would
//   be tried on each of the tens of thousands that the standard library
//   and Boost declare, and clang-tidy 19 times every such try. The first
//   check to walk keeps the declarations it found, and the others read
//   them.
// - the top-level declarations of the user's files (clangd, the compiler
//   plugin): a matcher per kind of declaration, which sees only those.
//
// Broken code is skipped: it has no trustworthy AST.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_CHECKS_TASKCHECK_H
#define VALUETASK_CHECKER_CHECKS_TASKCHECK_H

#include "../analysis/TaskTypes.h"
#include "Check.h"
#include "NameListOption.h"

namespace valuetask {

class FunctionEventsCache;

class TaskCheck : public Check {
public:
  void registerMatchers(
      clang::ast_matchers::MatchFinder &Finder,
      clang::ast_matchers::MatchFinder::MatchCallback &Callback,
      Traversal Scope) final;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result,
             DiagnosticSink &Sink) final;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

protected:
  /// The declarations a check is handed.
  enum DeclarationKinds : unsigned {
    FunctionDefinitions = 1,
    InitializedFields = 2,
    InitializedGlobals = 4,
  };
  TaskCheck(const OptionReader &Options, unsigned Kinds);

  // The handlers of the kinds asked for; the others are never called.
  virtual void checkFunction(const clang::FunctionDecl &, clang::ASTContext &,
                             DiagnosticSink &) {}
  virtual void checkField(const clang::FieldDecl &, clang::ASTContext &,
                          DiagnosticSink &) {}
  virtual void checkGlobal(const clang::VarDecl &, clang::ASTContext &,
                           DiagnosticSink &) {}

  /// The events of this translation unit's functions, built by whichever
  /// check asks first.
  static FunctionEventsCache &sharedEvents();

  const NameListOption TaskTypeNames;
  const TaskTypes Tasks;

private:
  class UserCodeWalker;
  /// Hands \p D to its handler if it is of a kind this check asked for.
  void dispatch(const clang::Decl &D, clang::ASTContext &Ctx,
                DiagnosticSink &Sink);

  const unsigned Kinds;
};

} // namespace valuetask

#endif
