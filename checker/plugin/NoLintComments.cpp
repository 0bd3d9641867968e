//===- NoLintComments.cpp - NOLINT suppression, as clang-tidy reads it ----===//

#include "NoLintComments.h"
#include "PluginArguments.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace valuetask::plugin {

namespace {

/// The [start, end) offsets of the line holding \p Offset.
std::pair<size_t, size_t> lineAround(llvm::StringRef Buffer, size_t Offset) {
  // rfind looks strictly before Offset; npos + 1 is the buffer's start.
  size_t Start = Buffer.find_last_of('\n', Offset) + 1;
  size_t End = std::min(Buffer.find('\n', Offset), Buffer.size());
  return {Start, End};
}

} // namespace

bool NoLintComments::Directive::covers(llvm::StringRef CheckName) const {
  return llvm::any_of(Globs, [&](const std::string &G) {
    return globMatches(G, CheckName);
  });
}

std::vector<NoLintComments::Directive>
NoLintComments::directivesIn(llvm::StringRef Text, size_t BaseOffset) {
  std::vector<Directive> Found;
  size_t Pos = 0;
  while ((Pos = Text.find("NOLINT", Pos)) != llvm::StringRef::npos) {
    size_t Start = Pos;
    Pos += 6;
    while (Pos < Text.size() && llvm::isAlpha(Text[Pos]))
      ++Pos;
    std::optional<Kind> Type =
        llvm::StringSwitch<std::optional<Kind>>(Text.slice(Start, Pos))
            .Case("NOLINT", Kind::NoLint)
            .Case("NOLINTNEXTLINE", Kind::NextLine)
            .Case("NOLINTBEGIN", Kind::Begin)
            .Case("NOLINTEND", Kind::End)
            .Default(std::nullopt);
    if (!Type)
      continue;
    Directive D{*Type, BaseOffset + Start, std::nullopt, {"*"}};
    if (Pos < Text.size() && Text[Pos] == '(') {
      size_t Close = Text.find_first_of("\n)", Pos + 1);
      if (Close != llvm::StringRef::npos && Text[Close] == ')') {
        llvm::SmallVector<llvm::StringRef, 4> Entries;
        Text.slice(Pos + 1, Close).split(Entries, ',');
        D.Globs.clear();
        for (llvm::StringRef &Entry : Entries) {
          Entry = Entry.trim();
          if (!Entry.empty() && !Entry.starts_with("-"))
            D.Globs.push_back(Entry.str());
        }
        D.Written = llvm::join(Entries, ",");
        Pos = Close + 1;
      }
    }
    Found.push_back(std::move(D));
  }
  return Found;
}

const std::vector<NoLintComments::Block> &
NoLintComments::blocksOf(clang::FileID File, llvm::StringRef Buffer,
                         const clang::SourceManager &SM) {
  auto [It, Inserted] = BlocksByFile.try_emplace(File);
  if (!Inserted)
    return It->second;
  // Blocks nest: each NOLINTEND closes the innermost open NOLINTBEGIN, and
  // must name the same checks.
  std::vector<Directive> Open;
  for (Directive &D : directivesIn(Buffer, 0)) {
    if (D.Type == Kind::Begin) {
      Open.push_back(std::move(D));
    } else if (D.Type == Kind::End) {
      if (!Open.empty() && Open.back().Written == D.Written) {
        It->second.push_back({Open.back().Offset, D.Offset,
                              std::move(Open.back().Globs)});
        Open.pop_back();
      } else {
        OnUnmatched(SM.getComposedLoc(File, D.Offset),
                    "unmatched 'NOLINTEND' comment without a previous "
                    "'NOLINTBEGIN' comment");
      }
    }
  }
  for (const Directive &D : Open)
    OnUnmatched(SM.getComposedLoc(File, D.Offset),
                "unmatched 'NOLINTBEGIN' comment without a subsequent "
                "'NOLINTEND' comment");
  return It->second;
}

bool NoLintComments::suppressedAt(clang::SourceLocation Loc,
                                  llvm::StringRef CheckName,
                                  const clang::SourceManager &SM) {
  auto [File, Offset] = SM.getDecomposedSpellingLoc(Loc);
  if (File.isInvalid())
    return false;
  std::optional<llvm::StringRef> Buffer = SM.getBufferDataOrNone(File);
  if (!Buffer || Offset > Buffer->size())
    return false;

  auto [LineStart, LineEnd] = lineAround(*Buffer, Offset);
  for (const Directive &D :
       directivesIn(Buffer->slice(LineStart, LineEnd), LineStart))
    if (D.Type == Kind::NoLint && D.covers(CheckName))
      return true;
  if (LineStart > 0) {
    auto [PrevStart, PrevEnd] = lineAround(*Buffer, LineStart - 1);
    for (const Directive &D :
         directivesIn(Buffer->slice(PrevStart, PrevEnd), PrevStart))
      if (D.Type == Kind::NextLine && D.covers(CheckName))
        return true;
  }
  // Only now read the whole file (once) for NOLINTBEGIN/END.
  for (const Block &B : blocksOf(File, *Buffer, SM))
    if (B.Begin < Offset && Offset < B.End &&
        llvm::any_of(B.Globs, [&](const std::string &G) {
          return globMatches(G, CheckName);
        }))
      return true;
  return false;
}

bool NoLintComments::suppresses(clang::SourceLocation Loc,
                                llvm::StringRef CheckName,
                                const clang::SourceManager &SM) {
  while (Loc.isValid()) {
    if (suppressedAt(Loc, CheckName, SM))
      return true;
    if (!Loc.isMacroID())
      return false;
    Loc = SM.getImmediateExpansionRange(Loc).getBegin();
  }
  return false;
}

} // namespace valuetask::plugin
