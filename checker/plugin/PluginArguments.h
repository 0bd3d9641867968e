//===- PluginArguments.h - the compiler plugin's command line ---*- C++ -*-===//
//
// clang hands the plugin every `-fplugin-arg-valuetask-<arg>` as "<arg>":
//
//   checks=<globs>         which checks run (clang-tidy's --checks syntax)
//   werror                 findings are errors
//   header-filter=<regex>  headers whose functions are analysed and reported
//   <Option>=<value>       a check option, for every check that reads it
//   <check>.<Option>=<v>   a check option for one check (`double-await.X`
//                          or `valuetask-double-await.X`)
//
// Parsing only splits and validates the syntax; which option names exist is
// known once the checks have read their options (see ValueTaskPlugin.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_PLUGIN_PLUGINARGUMENTS_H
#define VALUETASK_CHECKER_PLUGIN_PLUGINARGUMENTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace valuetask::plugin {

/// The prefix users write in front of each argument, for messages.
inline constexpr llvm::StringLiteral ArgumentPrefix = "-fplugin-arg-valuetask-";

/// Whether \p Glob matches all of \p Name: `*` matches any run of
/// characters, everything else itself.
bool globMatches(llvm::StringRef Glob, llvm::StringRef Name);

/// A comma-separated list of globs, as clang-tidy's --checks reads it:
/// `*` matches any run of characters, a leading `-` excludes, and the last
/// glob that matches a name decides.
class CheckGlobs {
public:
  /// Parses \p Text; on failure returns std::nullopt and sets \p Error.
  static std::optional<CheckGlobs> parse(llvm::StringRef Text,
                                         std::string &Error);
  /// Whether the last glob matching \p Name includes it.
  bool contains(llvm::StringRef Name) const;
  /// Whether a positive entry spells \p Name out in full (no `*`): how a
  /// check that is off by default is asked for.
  bool namesExactly(llvm::StringRef Name) const;
  /// The positive entries, as written.
  std::vector<std::string> positiveEntries() const;

private:
  struct Glob {
    bool Positive;
    std::string Text;
  };
  std::vector<Glob> Globs;
};

/// A check option as the user wrote it.
struct OptionArgument {
  std::string Key;      // "ValueTaskTypes" or "stored-task.AllowedStorageTypes"
  std::string Value;
  bool HasValue;        // false for a bare word: a typo, or a missing value
  std::string Spelling; // the whole argument, for messages
};

struct PluginArguments {
  std::optional<CheckGlobs> Checks; // unset: the checks on by default
  bool WarningsAsErrors = false;
  /// Set when header-filter= was given (an empty value selects no header).
  std::shared_ptr<llvm::Regex> HeaderFilter;
  std::vector<OptionArgument> Options;
};

/// Parses clang's plugin arguments (each without the prefix). Every problem
/// is appended to \p Errors as a complete sentence naming the argument;
/// parsing goes on, so one run reports all of them.
PluginArguments parsePluginArguments(llvm::ArrayRef<std::string> Arguments,
                                     std::vector<std::string> &Errors);

} // namespace valuetask::plugin

#endif
