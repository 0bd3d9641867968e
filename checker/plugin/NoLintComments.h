//===- NoLintComments.h - NOLINT suppression, as clang-tidy reads it -*- C++ -*-===//
//
// The compiler plugin honours the same comments as clang-tidy, so a
// suppression written once works in both:
//
//   NOLINT                 on the diagnostic's line
//   NOLINTNEXTLINE         on the line before it
//   NOLINTBEGIN ... NOLINTEND   around it
//
// each optionally followed by `(check, glob-*, ...)`: without the list every
// check is suppressed, `()` suppresses none, `-glob` entries are ignored.
// For a diagnostic inside a macro expansion every step of the expansion
// chain is tried, from the spelling outwards to the use in the user's file.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_PLUGIN_NOLINTCOMMENTS_H
#define VALUETASK_CHECKER_PLUGIN_NOLINTCOMMENTS_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace valuetask::plugin {

class NoLintComments {
public:
  /// Called once per file for each NOLINTBEGIN without its NOLINTEND (or the
  /// reverse), with the comment's location and a message.
  using UnmatchedHandler =
      std::function<void(clang::SourceLocation, llvm::StringRef)>;

  explicit NoLintComments(UnmatchedHandler OnUnmatched)
      : OnUnmatched(std::move(OnUnmatched)) {}

  /// Whether a comment suppresses \p CheckName's diagnostic at \p Loc.
  bool suppresses(clang::SourceLocation Loc, llvm::StringRef CheckName,
                  const clang::SourceManager &SM);

private:
  enum class Kind { NoLint, NextLine, Begin, End };
  struct Directive {
    Kind Type;
    size_t Offset;                      // of the "N" of NOLINT...
    std::optional<std::string> Written; // the check list, trimmed; none: all
    std::vector<std::string> Globs;     // what it suppresses
    bool covers(llvm::StringRef CheckName) const;
  };
  struct Block {
    size_t Begin, End;
    std::vector<std::string> Globs;
  };

  static std::vector<Directive> directivesIn(llvm::StringRef Text,
                                             size_t BaseOffset);
  bool suppressedAt(clang::SourceLocation SpellingLoc,
                    llvm::StringRef CheckName, const clang::SourceManager &SM);
  const std::vector<Block> &blocksOf(clang::FileID File, llvm::StringRef Buffer,
                                     const clang::SourceManager &SM);

  UnmatchedHandler OnUnmatched;
  llvm::DenseMap<clang::FileID, std::vector<Block>> BlocksByFile;
};

} // namespace valuetask::plugin

#endif
