//===- ValueTaskPlugin.cpp - the valuetask checks inside clang ------------===//
//
// `clang++-N -fplugin=valuetask-clang-plugin.so` runs the valuetask checks
// after the main action of every ordinary compilation: the same checks as
// the clang-tidy module (checker/checks), their words sent through clang's
// own diagnostics with the check's name appended, as clang-tidy prints them.
//
// Only the main file's top-level declarations (and those of headers that
// match header-filter=) are traversed, through the AST context's traversal
// scope, so the cost follows the user's code, not the headers it includes.
//
// The plugin links no clang or LLVM library: clang-N exports them (Debian's
// clang links libclang-cpp), and none of clang-tidy, which clang lacks.
//
//===----------------------------------------------------------------------===//

#include "../checks/Check.h"
#include "NoLintComments.h"
#include "PluginArguments.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTDiagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Config/llvm-config.h"
#include <set>

namespace valuetask::plugin {

namespace {

using clang::DiagnosticIDs;

/// Reports \p Message (a finished sentence, not a format) as an error.
void reportError(clang::DiagnosticsEngine &Diags, llvm::StringRef Message) {
  Diags.Report(Diags.getDiagnosticIDs()->getCustomDiagID(DiagnosticIDs::Error,
                                                         "%0"))
      << Message;
}

//===----------------------------------------------------------------------===//
// Options: plugin arguments, read by the checks by name.
//===----------------------------------------------------------------------===//

/// Hands each check the option arguments meant for it and remembers which
/// names the checks asked for, so that an argument no check reads can be
/// reported as unknown instead of being ignored.
class ArgumentOptions final : public OptionReader {
public:
  ArgumentOptions(const std::vector<OptionArgument> &Arguments,
                  std::vector<std::string> &Errors)
      : Arguments(Arguments), Errors(Errors), Used(Arguments.size(), false) {}

  /// The check whose options are read next ("valuetask-double-await").
  void readingFor(llvm::StringRef CheckName) { Check = CheckName.str(); }

  std::optional<std::string> get(llvm::StringRef Name,
                                 bool /*AlsoGlobal*/) const override {
    // An option for one check wins over the same option for all of them. A
    // bare name reaches every check that reads it: unlike a .clang-tidy
    // file, a command line names an option once.
    Known.insert(Name.str());
    llvm::StringRef Short = llvm::StringRef(Check).drop_front(
        llvm::StringRef(Check).starts_with("valuetask-") ? 10 : 0);
    for (std::string Key :
         {Check + "." + Name.str(), Short.str() + "." + Name.str(), Name.str()})
      if (std::optional<std::string> Value = lookup(Key))
        return Value;
    return std::nullopt;
  }

  void reportInvalid(llvm::StringRef Name, llvm::StringRef Value,
                     llvm::StringRef Reason) const override {
    // The checks fall back to the default and say so; here the value is an
    // error, so that part of the reason does not apply.
    llvm::StringRef Why = Reason.split("; using ").first;
    std::string Spelling = spellingOf(Name, Value);
    std::string Message = "invalid '" + Spelling + "': " + Why.str();
    if (Reported.insert(Message).second)
      Errors.push_back(std::move(Message));
  }

  /// Errors for the arguments no check read, once every check has read its
  /// options.
  void reportUnread() const {
    std::vector<std::string> Names(Known.begin(), Known.end());
    std::string KnownList = llvm::join(Names, ", ");
    for (size_t I = 0; I < Arguments.size(); ++I) {
      const OptionArgument &A = Arguments[I];
      if (Used[I])
        continue;
      llvm::StringRef Option = llvm::StringRef(A.Key).rsplit('.').second;
      if (Option.empty())
        Option = A.Key;
      bool KnownOption = Known.count(Option.str()) != 0;
      if (!A.HasValue && KnownOption && Option == A.Key)
        Errors.push_back("'" + A.Spelling + "' needs a value: '" + A.Spelling +
                         "=<value>'");
      else if (!A.HasValue)
        Errors.push_back("unknown argument '" + A.Spelling +
                         "': expected checks=<globs>, werror, "
                         "header-filter=<regex> or <Option>=<value>");
      else if (KnownOption)
        Errors.push_back("unknown argument '" + A.Spelling + "': no valuetask "
                         "check is named '" +
                         llvm::StringRef(A.Key).rsplit('.').first.str() + "'");
      else
        Errors.push_back("unknown argument '" + A.Spelling +
                         "': no valuetask check reads an option '" +
                         Option.str() + "' (the options are: " + KnownList +
                         ")");
    }
  }

private:
  std::optional<std::string> lookup(llvm::StringRef Key) const {
    // The last one wins, as on any command line.
    for (size_t I = Arguments.size(); I-- > 0;)
      if (Arguments[I].HasValue && Arguments[I].Key == Key) {
        for (size_t J = 0; J < Arguments.size(); ++J)
          if (Arguments[J].HasValue && Arguments[J].Key == Key)
            Used[J] = true;
        return Arguments[I].Value;
      }
    return std::nullopt;
  }

  std::string spellingOf(llvm::StringRef Name, llvm::StringRef Value) const {
    for (size_t I = Arguments.size(); I-- > 0;)
      if (Arguments[I].Value == Value &&
          llvm::StringRef(Arguments[I].Key).ends_with(Name))
        return Arguments[I].Spelling;
    return (ArgumentPrefix + Name + "=" + Value).str();
  }

  const std::vector<OptionArgument> &Arguments;
  std::vector<std::string> &Errors;
  std::string Check;
  mutable std::vector<bool> Used;
  mutable std::set<std::string> Known; // sorted, for the message
  mutable std::set<std::string> Reported;
};

//===----------------------------------------------------------------------===//
// Diagnostics: clang's engine, with clang-tidy's filters.
//===----------------------------------------------------------------------===//

/// With werror the findings are held back and reported as errors once the
/// analysis is done: the checks stop at the first uncompilable error, and
/// LLVM 22 counts a plugin's own errors as such. Each finding is formatted
/// here (through clang's AST argument printer) and keeps its location.
class HeldFindings final : public clang::DiagnosticConsumer {
public:
  struct Finding {
    clang::SourceLocation Loc;
    bool IsNote;
    std::string Message;
  };
  void hold(clang::SourceLocation Loc, bool IsNote) {
    Findings.push_back({Loc, IsNote, {}});
  }
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    if (!Findings.empty())
      Findings.back().Message = Text.str().str();
  }
  std::vector<Finding> take() { return std::move(Findings); }

private:
  std::vector<Finding> Findings;
};

/// What decides whether a finding is shown, shared by every check's sink:
/// the main file or a header matching the filter, no system header, no
/// NOLINT comment naming the check.
class Reporting {
public:
  Reporting(clang::DiagnosticsEngine &Diags, clang::SourceManager &SM,
            bool WarningsAsErrors, std::shared_ptr<llvm::Regex> HeaderFilter)
      : Diags(Diags), SM(SM), WarningsAsErrors(WarningsAsErrors),
        HeaderFilter(std::move(HeaderFilter)),
        NoLint([this](clang::SourceLocation Loc, llvm::StringRef Message) {
          report(Loc, Message.str() + " [valuetask-nolint]");
        }),
#if LLVM_VERSION_MAJOR >= 21
        Discard(Diags.getDiagnosticIDs(), DiscardOptions, &DiscardConsumer,
                /*ShouldOwnClient=*/false),
        Hold(Diags.getDiagnosticIDs(), DiscardOptions, &Held,
             /*ShouldOwnClient=*/false)
#else
        Discard(Diags.getDiagnosticIDs(),
                llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>(),
                &DiscardConsumer, /*ShouldOwnClient=*/false),
        Hold(Diags.getDiagnosticIDs(),
             llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>(), &Held,
             /*ShouldOwnClient=*/false)
#endif
  {
    Discard.setSuppressAllDiagnostics(true);
    DiscardID = Diags.getDiagnosticIDs()->getCustomDiagID(
        DiagnosticIDs::Warning, "suppressed valuetask finding");
  }

  clang::DiagnosticsEngine &engine() { return Diags; }

  /// Formats \p Context's AST arguments (names, types) in held findings.
  void setContext(clang::ASTContext &Context) {
    Hold.SetArgToStringFn(&clang::FormatASTNodeDiagnosticArgument, &Context);
  }

  /// A finding (or note) to report as an error after the analysis.
  clang::DiagnosticBuilder hold(clang::SourceLocation Loc, unsigned ID,
                                bool IsNote) {
    Held.hold(Loc, IsNote);
    return Hold.Report(ID);
  }

  /// Reports the held findings, as errors with their notes.
  void reportHeld() {
    unsigned ErrorID =
        Diags.getDiagnosticIDs()->getCustomDiagID(DiagnosticIDs::Error, "%0");
    unsigned NoteID =
        Diags.getDiagnosticIDs()->getCustomDiagID(DiagnosticIDs::Note, "%0");
    for (const HeldFindings::Finding &F : Held.take())
      Diags.Report(F.Loc, F.IsNote ? NoteID : ErrorID) << F.Message;
  }
  clang::SourceManager &sourceManager() { return SM; }
  bool warningsAsErrors() const { return WarningsAsErrors; }

  /// A builder that swallows what it is given: for a finding that is not
  /// shown, and for the notes that follow it.
  clang::DiagnosticBuilder discard() { return Discard.Report(DiscardID); }

  /// Whether a finding of \p CheckName at \p Loc is shown.
  bool shows(clang::SourceLocation Loc, llvm::StringRef CheckName) {
    if (Loc.isInvalid())
      return true;
    clang::SourceLocation Expansion = SM.getExpansionLoc(Loc);
    if (SM.isInSystemHeader(Expansion) || SM.isInSystemMacro(Loc))
      return false;
    if (!inReportedFile(SM.getFileID(Expansion)))
      return false;
    return !NoLint.suppresses(Loc, CheckName, SM);
  }

  bool suppressedByComment(clang::SourceLocation Loc,
                           llvm::StringRef CheckName) {
    return Loc.isValid() && NoLint.suppresses(Loc, CheckName, SM);
  }

  /// Whether findings in \p File are reported (and its code analysed).
  bool inReportedFile(clang::FileID File) {
    if (File == SM.getMainFileID())
      return true;
    auto [It, Inserted] = HeaderDecision.try_emplace(File, false);
    if (Inserted) {
      clang::OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
      // No file (a -D on the command line): reported, as clang-tidy does.
      It->second = !Entry || (HeaderFilter && HeaderFilter->match(Entry->getName()) &&
                              !SM.isInSystemHeader(SM.getLocForStartOfFile(File)));
    }
    return It->second;
  }

  /// A warning (an error with werror) of the plugin itself.
  void report(clang::SourceLocation Loc, llvm::StringRef Message) {
    Diags.Report(Loc, Diags.getDiagnosticIDs()->getCustomDiagID(
                          WarningsAsErrors ? DiagnosticIDs::Error
                                           : DiagnosticIDs::Warning,
                          "%0"))
        << Message;
  }

private:
  clang::DiagnosticsEngine &Diags;
  clang::SourceManager &SM;
  const bool WarningsAsErrors;
  const std::shared_ptr<llvm::Regex> HeaderFilter;
  NoLintComments NoLint;
  llvm::DenseMap<clang::FileID, bool> HeaderDecision;
  clang::IgnoringDiagConsumer DiscardConsumer;
#if LLVM_VERSION_MAJOR >= 21
  clang::DiagnosticOptions DiscardOptions;
#endif
  clang::DiagnosticsEngine Discard;
  HeldFindings Held;
  clang::DiagnosticsEngine Hold;
  unsigned DiscardID = 0;
};

/// One check's sink: its findings end in `[check-name]`, as clang-tidy
/// prints them, and the notes of a finding that is not shown vanish with it.
class CheckSink final : public DiagnosticSink {
public:
  CheckSink(Reporting &Out, llvm::StringRef CheckName)
      : Out(Out), Suffix((" [" + CheckName + "]").str()),
        CheckName(CheckName.str()) {}

  clang::DiagnosticBuilder diag(clang::SourceLocation Loc,
                                llvm::StringRef Message,
                                DiagnosticIDs::Level Level) override {
    clang::DiagnosticsEngine &Diags = Out.engine();
    if (Level == DiagnosticIDs::Note) {
      // A NOLINT at a note drops that note alone, as in clang-tidy.
      if (!LastShown || Out.suppressedByComment(Loc, CheckName))
        return Out.discard();
      unsigned ID = Diags.getDiagnosticIDs()->getCustomDiagID(Level, Message);
      if (Out.warningsAsErrors())
        return Out.hold(Loc, ID, /*IsNote=*/true);
      return Diags.Report(Loc, ID);
    }
    LastShown = Out.shows(Loc, CheckName);
    if (!LastShown)
      return Out.discard();
    unsigned ID = Diags.getDiagnosticIDs()->getCustomDiagID(
        Level, (Message + Suffix).str());
    if (Out.warningsAsErrors())
      return Out.hold(Loc, ID, /*IsNote=*/false);
    return Diags.Report(Loc, ID);
  }

private:
  Reporting &Out;
  const std::string Suffix;
  const std::string CheckName;
  bool LastShown = false;
};

//===----------------------------------------------------------------------===//
// The AST consumer: each enabled check's matchers over the user's code.
//===----------------------------------------------------------------------===//

struct EnabledCheck {
  const CheckInfo *Info;
  std::unique_ptr<Check> Impl;
};

struct Configuration {
  std::vector<EnabledCheck> Checks;
  bool WarningsAsErrors = false;
  std::shared_ptr<llvm::Regex> HeaderFilter;
};

/// Forwards the matches of one check's matchers to it.
class CheckRunner final : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  CheckRunner(EnabledCheck &C, Reporting &Out)
      : C(C), Sink(Out, C.Info->Name) {}
  void run(const clang::ast_matchers::MatchFinder::MatchResult &R) override {
    C.Impl->check(R, Sink);
  }
  void onStartOfTranslationUnit() override {
    C.Impl->onStartOfTranslationUnit();
  }
  void onEndOfTranslationUnit() override { C.Impl->onEndOfTranslationUnit(); }
  llvm::StringRef getID() const override { return C.Info->Name; }

private:
  EnabledCheck &C;
  CheckSink Sink;
};

class ValueTaskConsumer final : public clang::ASTConsumer {
public:
  ValueTaskConsumer(clang::CompilerInstance &CI, Configuration Config)
      : Config(std::move(Config)),
        Out(CI.getDiagnostics(), CI.getSourceManager(),
            this->Config.WarningsAsErrors, this->Config.HeaderFilter) {}

  bool HandleTopLevelDecl(clang::DeclGroupRef Group) override {
    clang::SourceManager &SM = Out.sourceManager();
    for (clang::Decl *D : Group) {
      clang::SourceLocation Loc = SM.getExpansionLoc(D->getLocation());
      if (Loc.isValid() && Out.inReportedFile(SM.getFileID(Loc)))
        Scope.push_back(D);
    }
    return true;
  }

  void HandleTranslationUnit(clang::ASTContext &Context) override {
    // Code that does not compile is skipped, not guessed at.
    if (Out.engine().hasUncompilableErrorOccurred() || Scope.empty())
      return;
    clang::ast_matchers::MatchFinder Finder;
    std::vector<std::unique_ptr<CheckRunner>> Runners;
    for (EnabledCheck &C : Config.Checks) {
      Runners.push_back(std::make_unique<CheckRunner>(C, Out));
      C.Impl->registerMatchers(Finder, *Runners.back(),
                               Traversal::TopLevelDeclarations);
    }
    // The main action is done with the AST: narrow what the matchers see
    // to the user's declarations, and put it back afterwards.
    // (A copy: LLVM 19 returns one, LLVM 22 a view of what is replaced.)
    auto Current = Context.getTraversalScope();
    std::vector<clang::Decl *> Previous(Current.begin(), Current.end());
    Out.setContext(Context);
    Context.setTraversalScope(Scope);
    Finder.matchAST(Context);
    Context.setTraversalScope(Previous);
    Out.reportHeld();
  }

private:
  Configuration Config;
  Reporting Out;
  std::vector<clang::Decl *> Scope;
};

//===----------------------------------------------------------------------===//
// The plugin action.
//===----------------------------------------------------------------------===//

constexpr llvm::StringLiteral PluginName = "valuetask";

class ValueTaskAction final : public clang::PluginASTAction {
public:
  ActionType getActionType() override { return AddAfterMainAction; }

  bool ParseArgs(const clang::CompilerInstance &CI,
                 const std::vector<std::string> &Arguments) override {
    clang::DiagnosticsEngine &Diags = CI.getDiagnostics();
    warnAboutUnclaimedArguments(CI);

    std::vector<std::string> Errors;
    PluginArguments Parsed = parsePluginArguments(Arguments, Errors);
    ArgumentOptions Options(Parsed.Options, Errors);
    for (const CheckInfo &Info : allChecks()) {
      // Every check reads its options, enabled or not, so that each option
      // argument is known to be read by some check.
      Options.readingFor(Info.Name);
      std::unique_ptr<Check> Impl = Info.Make(Options);
      if (isEnabled(Info, Parsed.Checks))
        Config.Checks.push_back({&Info, std::move(Impl)});
    }
    Options.reportUnread();
    if (Parsed.Checks)
      checkGlobsNameChecks(*Parsed.Checks, Errors);

    for (const std::string &Error : Errors)
      reportError(Diags, Error);
    Config.WarningsAsErrors = Parsed.WarningsAsErrors;
    Config.HeaderFilter = std::move(Parsed.HeaderFilter);
    return Errors.empty();
  }

  std::unique_ptr<clang::ASTConsumer>
  CreateASTConsumer(clang::CompilerInstance &CI, llvm::StringRef) override {
    // Tasks are coroutines: before C++20 there is nothing to check, as in
    // clang-tidy, where the checks are not registered then.
    if (!CI.getLangOpts().CPlusPlus20 || Config.Checks.empty())
      return std::make_unique<clang::ASTConsumer>();
    return std::make_unique<ValueTaskConsumer>(CI, std::move(Config));
  }

private:
  static bool isEnabled(const CheckInfo &Info,
                        const std::optional<CheckGlobs> &Globs) {
    if (!Globs)
      return Info.OnByDefault;
    return Globs->contains(Info.Name) &&
           (Info.OnByDefault || Globs->namesExactly(Info.Name));
  }

  /// A check name spelled out in checks= that is no valuetask check is a
  /// typo: say so rather than run without it.
  static void checkGlobsNameChecks(const CheckGlobs &Globs,
                                   std::vector<std::string> &Errors) {
    std::vector<std::string> Names;
    for (const CheckInfo &Info : allChecks())
      Names.push_back(Info.Name.str());
    for (const std::string &Entry : Globs.positiveEntries()) {
      if (llvm::StringRef(Entry).contains('*'))
        continue;
      if (!llvm::is_contained(Names, Entry))
        Errors.push_back("invalid '" + (ArgumentPrefix + "checks=").str() +
                         "...': '" + Entry + "' is not a valuetask check (" +
                         llvm::join(Names, ", ") + ")");
    }
  }

  /// clang silently drops `-fplugin-arg-<name>-...` when no loaded plugin
  /// is called <name>: a misspelt `-fplugin-arg-valuetsk-werror` would go
  /// unnoticed.
  static void warnAboutUnclaimedArguments(const clang::CompilerInstance &CI) {
    llvm::StringSet<> Plugins;
    for (const auto &Entry : clang::FrontendPluginRegistry::entries())
      Plugins.insert(Entry.getName());
    clang::DiagnosticsEngine &Diags = CI.getDiagnostics();
    for (const auto &[Name, Arguments] : CI.getFrontendOpts().PluginArgs) {
      if (Plugins.contains(Name))
        continue;
      for (const std::string &Argument : Arguments)
        Diags.Report(Diags.getDiagnosticIDs()->getCustomDiagID(
            DiagnosticIDs::Warning,
            "'-fplugin-arg-%0-%1' is ignored: no loaded plugin is named '%0' "
            "(the valuetask plugin reads -fplugin-arg-valuetask-...)"))
            << Name << Argument;
    }
  }

  Configuration Config;
};

} // namespace

} // namespace valuetask::plugin

static clang::FrontendPluginRegistry::Add<valuetask::plugin::ValueTaskAction>
    Registration(valuetask::plugin::PluginName,
                 "the valuetask checks: each value_task is consumed once");
