//===- TaskTypes.cpp - which types the valuetask checks track -------------===//

#include "TaskTypes.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace valuetask {

namespace {

bool isIdentifier(llvm::StringRef S) {
  if (S.empty() || !(isalpha(S.front()) || S.front() == '_'))
    return false;
  return llvm::all_of(S, [](char C) { return isalnum(C) || C == '_'; });
}

// Wrappers are followed this deep; a task nested deeper is not looked for.
constexpr unsigned MaxWrapperDepth = 4;

} // namespace

std::optional<QualifiedNameList>
QualifiedNameList::parse(llvm::StringRef Text, std::string &Error) {
  QualifiedNameList List;
  llvm::SmallVector<llvm::StringRef, 4> Entries;
  Text.split(Entries, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Entry : Entries) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    llvm::StringRef Name = Entry;
    Name.consume_front("::");
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    Name.split(Parts, "::");
    if (!llvm::all_of(Parts, isIdentifier)) {
      Error = ("'" + Entry + "' is not a qualified name such as '::ns::name'")
                  .str();
      return std::nullopt;
    }
    List.Names.push_back(Name.str());
    List.LastParts.push_back(Parts.back().str());
  }
  return List;
}

bool QualifiedNameList::contains(const NamedDecl &D) const {
  // Printing the qualified name allocates, and this is asked of nearly every
  // type and callee: the unqualified name rules most of them out first.
  // Every listed part is an identifier, so a declaration without one (an
  // operator, a constructor) is never listed.
  const IdentifierInfo *Id = D.getIdentifier();
  if (!Id || !llvm::is_contained(LastParts, Id->getName()))
    return false;
  return llvm::is_contained(Names, D.getQualifiedNameAsString());
}

std::string QualifiedNameList::spelling() const {
  std::string Result;
  for (const std::string &Name : Names)
    Result += "::" + Name + ";";
  return Result;
}

bool QualifiedNameList::hasOutermostNamespace(llvm::StringRef Namespace) const {
  return llvm::any_of(Names, [&](llvm::StringRef Name) {
    return Name.split("::").first == Namespace && Name.contains("::");
  });
}

const NamedDecl *classTemplateOrClassOf(QualType T) {
  const auto *Record = T.getNonReferenceType()
                           .getCanonicalType()
                           ->getAsCXXRecordDecl();
  return Record ? classTemplateOrClassOf(*Record) : nullptr;
}

const NamedDecl *classTemplateOrClassOf(const CXXRecordDecl &Record) {
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(&Record))
    return Spec->getSpecializedTemplate()->getTemplatedDecl();
  return &Record;
}

bool TaskTypes::isTask(QualType T) const {
  if (T.isNull() || T->isDependentType())
    return false;
  const NamedDecl *D = classTemplateOrClassOf(T);
  return D && isListed(*D);
}

bool TaskTypes::isListed(const NamedDecl &D) const {
  auto [It, Inserted] = Listed.try_emplace(&D, false);
  if (Inserted)
    It->second = Names.contains(D);
  return It->second;
}

QualType TaskTypes::heldTask(QualType T) const { return heldTask(T, 0); }

bool TaskTypes::canPreserve(QualType Task) {
  const auto *Record =
      Task.isNull() ? nullptr : Task.getNonReferenceType()->getAsCXXRecordDecl();
  return Record && Record->hasDefinition() &&
         llvm::any_of(Record->methods(), [](const CXXMethodDecl *M) {
           return M->getIdentifier() && M->getName() == "preserve";
         });
}

bool TaskTypes::isInTaskLibrary(const Decl &D) const {
  const NamespaceDecl *Outermost = nullptr;
  for (const DeclContext *C = D.getDeclContext(); C; C = C->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(C); NS && !NS->isAnonymousNamespace())
      Outermost = NS;
  return Outermost && Names.hasOutermostNamespace(Outermost->getName());
}

QualType TaskTypes::heldTask(QualType T, unsigned Depth) const {
  if (isTask(T))
    return T;
  if (Depth == MaxWrapperDepth || T.isNull() || T->isDependentType())
    return {};
  T = T.getCanonicalType();
  if (const auto *Array = dyn_cast<ArrayType>(T.getTypePtr()))
    return heldTask(Array->getElementType(), Depth + 1);
  const auto *Record = T->getAsCXXRecordDecl();
  if (!Record)
    return {};
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
      // std::variant<int, T>: the alternatives are one pack argument.
      llvm::ArrayRef<TemplateArgument> Args(Arg);
      if (Arg.getKind() == TemplateArgument::Pack)
        Args = Arg.pack_elements();
      for (const TemplateArgument &A : Args)
        if (A.getKind() == TemplateArgument::Type)
          if (QualType Held = heldTask(A.getAsType(), Depth + 1);
              !Held.isNull())
            return Held;
    }
  // A user-defined aggregate holding a task (not the library's internals:
  // their template arguments were looked at above).
  if (!Record->hasDefinition() || Record->isInStdNamespace() ||
      isa<ClassTemplateSpecializationDecl>(Record))
    return {};
  for (const FieldDecl *F : Record->fields())
    if (QualType Held = heldTask(F->getType(), Depth + 1); !Held.isNull())
      return Held;
  return {};
}

} // namespace valuetask
