//===- PluginArguments.cpp - the compiler plugin's command line -----------===//

#include "PluginArguments.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace valuetask::plugin {

bool globMatches(llvm::StringRef Pattern, llvm::StringRef Text) {
  // Iterative matching with one backtrack point: linear for one `*`, at
  // worst quadratic, and check names are short.
  size_t P = 0, T = 0, StarP = llvm::StringRef::npos, StarT = 0;
  while (T < Text.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      StarP = P++;
      StarT = T;
    } else if (P < Pattern.size() && Pattern[P] == Text[T]) {
      ++P;
      ++T;
    } else if (StarP != llvm::StringRef::npos) {
      P = StarP + 1;
      T = ++StarT;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

namespace {

bool isGlobCharacter(char C) {
  return llvm::isAlnum(C) || C == '-' || C == '_' || C == '.' || C == '*';
}

/// An option name: a letter, then letters, digits, `_`, `-` and `.`.
bool isOptionKey(llvm::StringRef Key) {
  if (Key.empty() || !llvm::isAlpha(Key.front()))
    return false;
  return llvm::all_of(Key, [](char C) {
    return llvm::isAlnum(C) || C == '_' || C == '-' || C == '.';
  });
}

std::string spelled(llvm::StringRef Argument) {
  return (ArgumentPrefix + Argument).str();
}

} // namespace

std::optional<CheckGlobs> CheckGlobs::parse(llvm::StringRef Text,
                                            std::string &Error) {
  CheckGlobs Result;
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  Text.split(Entries, ',');
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue; // "a,,b" and a trailing comma, as clang-tidy allows
    bool Positive = !Entry.consume_front("-");
    Entry = Entry.trim();
    if (Entry.empty() || !llvm::all_of(Entry, isGlobCharacter)) {
      Error = std::string("'") + (Positive ? "" : "-") + Entry.str() +
              "' is not a check name or glob (letters, digits, '-', '_', '.' "
              "and '*')";
      return std::nullopt;
    }
    Result.Globs.push_back({Positive, Entry.str()});
  }
  if (Result.Globs.empty()) {
    Error = "the list is empty; write -* to run no check";
    return std::nullopt;
  }
  return Result;
}

bool CheckGlobs::contains(llvm::StringRef Name) const {
  for (auto It = Globs.rbegin(); It != Globs.rend(); ++It)
    if (globMatches(It->Text, Name))
      return It->Positive;
  return false;
}

bool CheckGlobs::namesExactly(llvm::StringRef Name) const {
  return llvm::any_of(Globs,
                      [&](const Glob &G) { return G.Positive && G.Text == Name; });
}

std::vector<std::string> CheckGlobs::positiveEntries() const {
  std::vector<std::string> Result;
  for (const Glob &G : Globs)
    if (G.Positive)
      Result.push_back(G.Text);
  return Result;
}

PluginArguments parsePluginArguments(llvm::ArrayRef<std::string> Arguments,
                                     std::vector<std::string> &Errors) {
  PluginArguments Result;
  for (llvm::StringRef Argument : Arguments) {
    auto [Key, Value] = Argument.split('=');
    bool HasValue = Argument.contains('=');
    if (Key == "werror") {
      if (HasValue)
        Errors.push_back("'" + spelled(Argument) + "' takes no value; write '" +
                         spelled("werror") + "'");
      Result.WarningsAsErrors = true;
    } else if (Key == "checks") {
      std::string Error;
      if (!HasValue)
        Errors.push_back("'" + spelled(Argument) + "' needs a value: '" +
                         spelled("checks") + "=<globs>', e.g. '" +
                         spelled("checks") + "=-*,valuetask-double-await'");
      else if (std::optional<CheckGlobs> Globs = CheckGlobs::parse(Value, Error))
        Result.Checks = std::move(*Globs);
      else
        Errors.push_back("invalid '" + spelled(Argument) + "': " + Error);
    } else if (Key == "header-filter") {
      std::string Error;
      auto Filter = std::make_shared<llvm::Regex>(Value);
      if (!HasValue)
        Errors.push_back("'" + spelled(Argument) + "' needs a value: '" +
                         spelled("header-filter") + "=<regex>'");
      else if (!Filter->isValid(Error))
        Errors.push_back("invalid '" + spelled(Argument) +
                         "': not a regular expression (" + Error + ")");
      else
        Result.HeaderFilter = std::move(Filter);
    } else if (!isOptionKey(Key)) {
      Errors.push_back("unknown argument '" + spelled(Argument) +
                       "': expected checks=<globs>, werror, "
                       "header-filter=<regex> or <Option>=<value>");
    } else {
      Result.Options.push_back(
          {Key.str(), Value.str(), HasValue, spelled(Argument)});
    }
  }
  return Result;
}

} // namespace valuetask::plugin
