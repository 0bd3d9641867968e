//===- TaskTypes.h - which types the valuetask checks track -----*- C++ -*-===//
//
// The `ValueTaskTypes` option names class templates (or classes) whose objects
// must be consumed exactly once. Matching is on the canonical declaration, so
// aliases and typedefs count and a same-named class elsewhere does not.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_ANALYSIS_TASKTYPES_H
#define VALUETASK_CHECKER_ANALYSIS_TASKTYPES_H

#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang {
class CXXRecordDecl;
class Decl;
class NamedDecl;
} // namespace clang


namespace valuetask {

/// The default of the `ValueTaskTypes` option.
inline constexpr llvm::StringLiteral DefaultTaskTypes = "::valuetask::value_task";

/// A `;`-separated list of fully qualified names, as the options spell them.
class QualifiedNameList {
public:
  /// Parses \p Text; returns std::nullopt (and a reason in \p Error) when an
  /// entry is not a qualified identifier such as `::ns::name`.
  static std::optional<QualifiedNameList> parse(llvm::StringRef Text,
                                                std::string &Error);

  /// Whether \p D (a class, class template or function) is listed.
  bool contains(const clang::NamedDecl &D) const;
  /// Whether some listed name lies in the outermost namespace \p Namespace.
  bool hasOutermostNamespace(llvm::StringRef Namespace) const;
  bool empty() const { return Names.empty(); }
  /// The names as one `;`-separated string: equal lists spell alike.
  std::string spelling() const;

private:
  llvm::SmallVector<std::string, 4> Names; // without the leading "::"
  llvm::SmallVector<std::string, 4> LastParts; // "name" of each "ns::name"
};

/// The tracked task types.
class TaskTypes {
public:
  explicit TaskTypes(QualifiedNameList Names) : Names(std::move(Names)) {}
  const QualifiedNameList &names() const { return Names; }

  /// Whether \p T (references and cv-qualifiers ignored) is a task type.
  bool isTask(clang::QualType T) const;

  /// The task type \p T is or holds by value: a class template argument
  /// (`std::optional<task>`, `std::vector<task>`) or a field; null if none.
  clang::QualType heldTask(clang::QualType T) const;
  bool holdsTask(clang::QualType T) const { return !heldTask(T).isNull(); }

  /// Whether \p Task has a `preserve` member that shares its result with
  /// several consumers: the checks advise it only where it exists.
  static bool canPreserve(clang::QualType Task);

  /// Whether \p D belongs to the library that defines a tracked type (it
  /// shares its outermost namespace): the library's internals hold, hand
  /// over and settle tasks by design, and are not checked.
  bool isInTaskLibrary(const clang::Decl &D) const;

  /// Forgets what was learnt of one translation unit's declarations.
  void forgetDeclarations() const { Listed.clear(); }

private:
  clang::QualType heldTask(clang::QualType T, unsigned Depth) const;
  /// Names.contains(D), asked of nearly every type and remembered: the
  /// answer costs printing D's qualified name.
  bool isListed(const clang::NamedDecl &D) const;

  QualifiedNameList Names;
  mutable llvm::DenseMap<const clang::NamedDecl *, bool> Listed;
};

/// The class, or class template, that \p T names (for matching against a
/// QualifiedNameList); null for non-class types.
const clang::NamedDecl *classTemplateOrClassOf(clang::QualType T);
const clang::NamedDecl *
classTemplateOrClassOf(const clang::CXXRecordDecl &Record);

} // namespace valuetask

#endif
