//===- Places.h - the task objects one function works on --------*- C++ -*-===//
//
// A place is one task object as the function sees it: a local or parameter,
// `this->m`, a member path of a local or parameter (`s.m`, `p.first`, a
// structured binding), an array element with a constant index, the value
// of a local `std::optional` (`*o`, `o.value()`), or `*p` for a pointer
// parameter. References and pointers whose target is known (`auto &r = t`,
// `auto *p = &t`) are other names for their target's place.
//
// A PlaceTable is built per function; placeOf() maps an expression that
// denotes a tracked object to its place. Places form a tree (`s` is the
// parent of `s.m`): a write to a place is a write to everything below it.
//
//===----------------------------------------------------------------------===//
#ifndef VALUETASK_CHECKER_ANALYSIS_PLACES_H
#define VALUETASK_CHECKER_ANALYSIS_PLACES_H

#include "TaskTypes.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace valuetask {

using PlaceId = unsigned;

/// One tracked object.
struct Place {
  /// The variable the path starts at; null for `this`.
  const clang::ValueDecl *Root;
  /// The place this one is a part of, if any.
  std::optional<PlaceId> Parent;
  /// Whether the object is a task (otherwise it holds tasks: a container or
  /// aggregate that is moved as a whole).
  bool IsTask;
  /// Whether it lives in `*this` (a member call may change it).
  bool InThis;
  /// The object's type (null for `*this` itself).
  clang::QualType Type;
};

/// The places of one function.
class PlaceTable {
public:
  explicit PlaceTable(const TaskTypes &Tasks) : Tasks(Tasks) {}

  /// The place \p E denotes (parentheses, implicit casts, std::move and
  /// std::forward looked through), creating it on first sight; std::nullopt
  /// when \p E is not a tracked object.
  std::optional<PlaceId> placeOf(const clang::Expr *E);
  /// The place \p E denotes if it was seen already.
  std::optional<PlaceId> findPlaceOf(const clang::Expr *E) const;
  /// The place of the variable \p D itself (a declaration starts it).
  std::optional<PlaceId> placeOfVariable(const clang::VarDecl &D);
  /// The place of the variable \p D if it was seen already.
  std::optional<PlaceId> findPlaceOfVariable(const clang::VarDecl &D) const {
    auto It = Roots.find(&D);
    return It == Roots.end() ? std::nullopt : std::optional(It->second);
  }

  /// Makes reference \p Reference another name for \p Target.
  void addReferenceAlias(const clang::VarDecl &Reference, PlaceId Target);
  /// Makes `*Pointer` another name for \p Target.
  void addPointerAlias(const clang::VarDecl &Pointer, PlaceId Target);
  /// The place `*Pointer` names, if the pointer's target is known.
  std::optional<PlaceId> pointee(const clang::VarDecl &Pointer) const;
  bool isAlias(const clang::VarDecl &D) const {
    return References.count(&D) || Pointers.count(&D);
  }

  const Place &operator[](PlaceId Id) const { return Places[Id]; }
  unsigned size() const { return Places.size(); }
  /// \p Id and every place below it.
  llvm::SmallVector<PlaceId, 4> subtree(PlaceId Id) const;
  /// The places that live in `*this`.
  llvm::SmallVector<PlaceId, 4> placesInThis() const;

  const TaskTypes &tasks() const { return Tasks; }

private:
  // A step below a place: a field, a constant index, or an optional's value.
  using Step = std::tuple<PlaceId, const void *, int64_t>;
  std::optional<PlaceId> lookup(const clang::Expr *E, bool Create);
  std::optional<PlaceId> lookupPointee(const clang::Expr *Pointer, bool Create);
  std::optional<PlaceId> root(const clang::ValueDecl *D, bool Create,
                              bool IsTask);
  std::optional<PlaceId> child(std::optional<PlaceId> Parent, const void *Key,
                               int64_t Index, clang::QualType T, bool Create);
  bool isTracked(clang::QualType T) const;

  const TaskTypes &Tasks;
  std::vector<Place> Places;
  std::vector<llvm::SmallVector<PlaceId, 0>> Kids; // by place
  llvm::DenseMap<const clang::ValueDecl *, PlaceId> Roots;
  std::map<Step, PlaceId> Children;
  std::optional<PlaceId> This;
  llvm::DenseMap<const clang::VarDecl *, PlaceId> References;
  llvm::DenseMap<const clang::VarDecl *, PlaceId> Pointers;
};

/// \p E without the nodes a value passes through unchanged: parentheses,
/// implicit casts, temporaries, full-expression cleanups, std::move and
/// std::forward, casts to a reference type.
const clang::Expr *skipTransparent(const clang::Expr *E);

/// Whether \p Call is std::move or std::forward.
bool isMoveLikeCall(const clang::CallExpr &Call);

/// The name of the object \p E denotes as written (`t`, `s.m`, `*p`).
std::string writtenName(const clang::Expr *E);

} // namespace valuetask

#endif
