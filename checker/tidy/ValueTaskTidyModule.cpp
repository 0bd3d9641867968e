//===- ValueTaskTidyModule.cpp - the valuetask clang-tidy module ----------===//
//
// Every valuetask check runs in clang-tidy through one adapter: a
// ClangTidyCheck that owns a valuetask::Check, reads its options from
// CheckOptions and sends its diagnostics through diag(), so NOLINT, header
// filters and --fix-notes work as for any clang-tidy check.
//
//===----------------------------------------------------------------------===//

#include "../checks/Check.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "llvm/Config/llvm-config.h"
#if LLVM_VERSION_MAJOR < 22 // LLVM 22 moved the registry into ClangTidyModule.h
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy {
// valuetask-clangd sets this before clangd starts: clangd runs the matchers
// over the main file's top-level declarations only (its preamble is left
// out), so the checks must match there declaration by declaration.
bool ValueTaskTraversesTopLevelDeclarations = false;
} // namespace clang::tidy

namespace clang::tidy::valuetask {

namespace {

/// Whether \p Name is listed by its full name (not by a glob) in the
/// enabled checks: how a check that is off by default is asked for.
bool isListedByName(llvm::StringRef Name, const ClangTidyContext &Context) {
  const std::optional<std::string> &Checks = Context.getOptions().Checks;
  if (!Checks)
    return false;
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  llvm::StringRef(*Checks).split(Entries, ',');
  return llvm::any_of(Entries,
                      [&](llvm::StringRef E) { return E.trim() == Name; });
}

class CheckAdapter final : public ClangTidyCheck,
                           private ::valuetask::OptionReader,
                           private ::valuetask::DiagnosticSink {
public:
  CheckAdapter(StringRef Name, ClangTidyContext *Context,
               const ::valuetask::CheckInfo &Info)
      : ClangTidyCheck(Name, Context),
        Enabled(Info.OnByDefault || isListedByName(Name, *Context)),
        Impl(Info.Make(*this)) {}

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20; // tasks are coroutines
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override {
    if (Enabled)
      Impl->registerMatchers(*Finder, *this,
                             ValueTaskTraversesTopLevelDeclarations
                                 ? ::valuetask::Traversal::TopLevelDeclarations
                                 : ::valuetask::Traversal::WholeTranslationUnit);
  }
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override {
    Impl->check(Result, *this);
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override {
    for (const auto &[Name, Value] : Impl->options())
      Options.store(Opts, Name, Value);
  }
  void onStartOfTranslationUnit() override { Impl->onStartOfTranslationUnit(); }
  void onEndOfTranslationUnit() override { Impl->onEndOfTranslationUnit(); }

private:
  std::optional<std::string> get(StringRef Name,
                                 bool AlsoGlobal) const override {
    std::optional<StringRef> Value =
        AlsoGlobal ? Options.getLocalOrGlobal(Name) : Options.get(Name);
    if (!Value)
      return std::nullopt;
    return Value->str();
  }
  void reportInvalid(StringRef Name, StringRef Value,
                     StringRef Reason) const override {
    (void)Value; // the reason quotes the part of it that is wrong
    configurationDiag("invalid value for option '%0': %1") << Name << Reason;
  }
  DiagnosticBuilder diag(SourceLocation Loc, StringRef Message,
                         DiagnosticIDs::Level Level) override {
    return ClangTidyCheck::diag(Loc, Message, Level);
  }

  const bool Enabled;
  const std::unique_ptr<::valuetask::Check> Impl;
};

class ValueTaskModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    for (const ::valuetask::CheckInfo &Info : ::valuetask::allChecks())
      Factories.registerCheckFactory(
          Info.Name, [&Info](StringRef Name, ClangTidyContext *Context) {
            return std::make_unique<CheckAdapter>(Name, Context, Info);
          });
  }
};

} // namespace

static ClangTidyModuleRegistry::Add<ValueTaskModule>
    X("valuetask-module", "Checks that each valuetask::value_task is "
                          "consumed exactly once.");

} // namespace clang::tidy::valuetask

namespace clang::tidy {
// Referenced by a binary that links the module statically (valuetask-clangd)
// so the linker keeps the registration above.
volatile int ValueTaskModuleAnchorSource = 0;
} // namespace clang::tidy
