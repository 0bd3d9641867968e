//===- NameListOption.cpp - reading a list-of-names option ----------------===//

#include "NameListOption.h"

namespace valuetask {

NameListOption readNameListOption(const OptionReader &Options,
                                  llvm::StringRef Name, bool AlsoGlobal,
                                  llvm::StringRef Default) {
  std::string Raw = Options.get(Name, AlsoGlobal).value_or(Default.str());
  std::string Error;
  if (std::optional<QualifiedNameList> List =
          QualifiedNameList::parse(Raw, Error))
    return {Raw, std::move(*List)};
  Options.reportInvalid(Name, Raw,
                        Error + "; using '" + Default.str() + "'");
  return {Raw, *QualifiedNameList::parse(Default, Error)};
}

} // namespace valuetask
