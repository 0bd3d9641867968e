//===- NameListOption.h - reading a list-of-names option --------*- C++ -*-===//
#ifndef VALUETASK_CHECKER_CHECKS_NAMELISTOPTION_H
#define VALUETASK_CHECKER_CHECKS_NAMELISTOPTION_H

#include "../analysis/TaskTypes.h"
#include "Check.h"

namespace valuetask {

/// An option holding a `;`-separated list of qualified names, as read.
struct NameListOption {
  std::string Raw;          // as written, for Check::options()
  QualifiedNameList Names;  // parsed; the default when Raw is malformed
};

/// Reads \p Name (also as a global option where \p AlsoGlobal); a malformed
/// value is reported through \p Options and \p Default is used instead.
NameListOption readNameListOption(const OptionReader &Options,
                                  llvm::StringRef Name, bool AlsoGlobal,
                                  llvm::StringRef Default);

} // namespace valuetask

#endif
