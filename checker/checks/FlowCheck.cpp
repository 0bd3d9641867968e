//===- FlowCheck.cpp - what the flow checks share -------------------------===//

#include "FlowCheck.h"
#include "clang/AST/Decl.h"

using namespace clang;

namespace valuetask {

namespace {

/// The index into kindSelect() of what \p C did.
unsigned kindIndex(const Consumption &C) {
  switch (C.Kind) {
  case ConsumptionKind::Await:
    return 0;
  case ConsumptionKind::MoveInto:
    return C.Receiver ? 1 : 2;
  case ConsumptionKind::MoveIntoTemporary:
    return 2;
  case ConsumptionKind::PassTo:
    return C.Receiver ? 3 : 4;
  case ConsumptionKind::Preserve:
    return 5;
  case ConsumptionKind::ConsumingMember:
    return 6;
  case ConsumptionKind::LambdaCall:
    return C.Receiver ? 7 : 8;
  case ConsumptionKind::LambdaCapture:
    return 9;
  }
  return 0;
}

} // namespace

void FlowCheck::onStartOfTranslationUnit() {
  TaskCheck::onStartOfTranslationUnit();
  Reported.clear();
}

void FlowCheck::onEndOfTranslationUnit() {
  TaskCheck::onEndOfTranslationUnit();
  Reported.clear();
}

const FunctionEvents *
FlowCheck::eventsOf(const FunctionDecl &Function, ASTContext &Ctx,
                    const QualifiedNameList &NonConsumingFunctions) const {
  return sharedEvents().get(Function, Ctx, {Tasks, NonConsumingFunctions});
}

const QualifiedNameList &defaultNonConsumingFunctions() {
  static const QualifiedNameList List = [] {
    std::string Error;
    return *QualifiedNameList::parse(DefaultNonConsumingFunctions, Error);
  }();
  return List;
}

bool FlowCheck::firstReport(SourceLocation Loc, llvm::StringRef What) {
  return Reported.insert({Loc.getRawEncoding(), What.str()}).second;
}

std::string FlowCheck::kindSelect(unsigned Kind) {
  std::string R = std::to_string(Kind + 1);
  return "%select{awaited|moved into '%" + R + "'|moved into a temporary|"
         "passed to '%" + R + "'|passed to a function|preserved|consumed by %" +
         R + "()|consumed by a call of '%" + R +
         "'|consumed by a lambda called here|captured by a lambda}" +
         std::to_string(Kind);
}

void FlowCheck::describe(DiagnosticBuilder &D, const Consumption &C) {
  D << kindIndex(C) << (C.Receiver ? C.Receiver->getNameAsString() : "");
}

} // namespace valuetask
