//===- Check.h - a valuetask check, whichever front end runs it -*- C++ -*-===//
//
// The valuetask checks run inside clang-tidy (the --load plugin and
// valuetask-clangd) and inside clang itself (the -fplugin compiler plugin).
// Neither front end's classes appear here: a check registers AST matchers,
// turns what the analysis found into words through a DiagnosticSink, and
// reads its options through an OptionReader. Each front end supplies those
// two and nothing else, so both say exactly the same thing.
//
// Nothing under checker/analysis/ or checker/checks/ may use a clang-tidy
// symbol: the compiler plugin is loaded into clang, which has none.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_CHECKS_CHECK_H
#define VALUETASK_CHECKER_CHECKS_CHECK_H

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace valuetask {

/// Where a check's words go. Messages are clang diagnostic formats (%0,
/// %select{...}); the sink appends the check's name (`[valuetask-...]`) and
/// applies suppression (NOLINT, header filters) as its front end does.
class DiagnosticSink {
public:
  virtual ~DiagnosticSink() = default;
  virtual clang::DiagnosticBuilder
  diag(clang::SourceLocation Loc, llvm::StringRef Message,
       clang::DiagnosticIDs::Level Level = clang::DiagnosticIDs::Warning) = 0;
};

/// A check's configuration, read by option name (`ValueTaskTypes`, ...).
/// clang-tidy: `CheckOptions` (`valuetask-<check>.<Name>`, and the global
/// `<Name>` where \p AlsoGlobal). Compiler plugin:
/// `-fplugin-arg-valuetask-<Name>=<value>`.
class OptionReader {
public:
  virtual ~OptionReader() = default;
  virtual std::optional<std::string> get(llvm::StringRef Name,
                                         bool AlsoGlobal = false) const = 0;
  /// A value the check cannot use: reported once, naming the option; the
  /// check then falls back to its default. \p Reason is a whole clause that
  /// quotes the wrong part of \p Value and names the value used instead
  /// ("'x y' is not a qualified name such as '::ns::name'; using '...'").
  virtual void reportInvalid(llvm::StringRef Name, llvm::StringRef Value,
                             llvm::StringRef Reason) const = 0;
};

/// What a front end's MatchFinder traverses.
enum class Traversal {
  /// The whole translation unit, headers included (clang-tidy).
  WholeTranslationUnit,
  /// Only some top-level declarations (ASTContext::setTraversalScope): the
  /// main file's in clangd, whose preamble is left out; the reported
  /// files' in the compiler plugin. A match on the translation unit itself
  /// never comes.
  TopLevelDeclarations,
};

/// One check's logic.
class Check {
public:
  virtual ~Check() = default;
  /// Adds this check's matchers to \p Finder, reporting to \p Callback (the
  /// front end's callback forwards every match to check()); \p Scope is what
  /// \p Finder will traverse.
  virtual void
  registerMatchers(clang::ast_matchers::MatchFinder &Finder,
                   clang::ast_matchers::MatchFinder::MatchCallback &Callback,
                   Traversal Scope) = 0;
  virtual void check(const clang::ast_matchers::MatchFinder::MatchResult &Result,
                     DiagnosticSink &Sink) = 0;
  /// The options as the check read them, for `--dump-config`.
  virtual std::vector<std::pair<std::string, std::string>> options() const = 0;
  virtual void onStartOfTranslationUnit() {}
  virtual void onEndOfTranslationUnit() {}
};

/// A check as the front ends list it.
struct CheckInfo {
  llvm::StringLiteral Name; // "valuetask-double-await"
  bool OnByDefault;         // in `valuetask-*` unless asked for by name
  std::unique_ptr<Check> (*Make)(const OptionReader &Options);
};

/// Every valuetask check, in documentation order.
llvm::ArrayRef<CheckInfo> allChecks();

} // namespace valuetask

#endif
