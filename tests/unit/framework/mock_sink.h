// tests/unit/framework/mock_sink.h — a TraceSink that writes every recorded op as a line of
// text, so the framework's contexts can be tested without the IR or the recorder.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "framework/trace_sink.h"

namespace pyl::framework::testing {

class MockSink : public TraceSink {
 public:
  std::vector<std::string> lines;
  std::map<std::pair<const VirtualizableFrame*, std::int64_t>, IrRef> slots;
  std::map<int, Word> constants;
  bool recording_ = true;
  int next_ = 0;
  bool inline_ = true;
  bool assemble = false;

  std::string name(IrRef r) const {
    auto it = constants.find(r.index);
    if (it != constants.end()) return "C" + std::to_string(static_cast<std::int64_t>(it->second));
    return r.valid() ? "v" + std::to_string(r.index) : "?";
  }
  IrRef fresh() { return IrRef{next_++}; }

  bool recording() const override { return recording_; }
  IrRef constant(Word value, ValueKind) override {
    IrRef r = fresh();
    constants[r.index] = value;
    return r;
  }
  bool constantValue(IrRef ref, Word* value) const override {
    auto it = constants.find(ref.index);
    if (it == constants.end()) return false;
    *value = it->second;
    return true;
  }
  IrRef record(TraceOp op, ValueKind result, std::initializer_list<IrRef> args, DescrArg descr,
               Word) override {
    IrRef r = result == ValueKind::kVoid ? IrRef{} : fresh();
    std::string line = (r.valid() ? name(r) + " = " : std::string()) + traceOpName(op) + "(";
    for (IrRef a : args) line += name(a) + ",";
    if (descr.kind == DescrArg::Kind::kField)
      line += std::string("descr=") + static_cast<const FieldDescr*>(descr.pointer)->name;
    lines.push_back(line + ")");
    return r;
  }
  IrRef recordCall(TraceOp op, const CallDescr&, const IrRef* args, std::size_t count,
                   Word) override {
    IrRef r = fresh();
    std::string line = name(r) + " = " + traceOpName(op) + "(";
    for (std::size_t i = 1; i < count; ++i) line += name(args[i]) + ",";
    lines.push_back(line + ")");
    return r;
  }
  IrRef recordGuard(TraceOp op, std::initializer_list<IrRef> args, ResumeAt resume,
                    ValueKind result, Word) override {
    std::string line = std::string(traceOpName(op)) + "(";
    for (IrRef a : args) line += name(a) + ",";
    lines.push_back(line + (resume == ResumeAt::kAfterCall ? ") after-call" : ")"));
    return result == ValueKind::kVoid ? IrRef{} : fresh();
  }
  void recordQuasiImmutableRead(IrRef object, const FieldDescr& d, const void*) override {
    lines.push_back("quasiimmut_field(" + name(object) + ",descr=" + d.name + ")");
  }
  IrRef slotRef(const VirtualizableFrame* f, std::int64_t i) override {
    auto it = slots.find({f, i});
    if (it != slots.end()) return it->second;
    IrRef r = fresh();
    slots[{f, i}] = r;
    return r;
  }
  void setSlotRef(const VirtualizableFrame* f, std::int64_t i, IrRef r) override {
    slots[{f, i}] = r;
  }
  bool shouldInline(const void*) override { return inline_; }
  // Records call_assembler when `assemble` is set (like a callee with compiled code).
  bool recordCallAssembler(const void*, const VirtualizableFrame* callee, ValueKind kind,
                           IrRef* result) override {
    if (!assemble) return false;
    std::string line = "call_assembler(";
    for (std::int64_t i = 0; i < callee->depth_; ++i) line += name(slotRef(callee, i)) + ",";
    lines.push_back(line + ")");
    *result = kind == ValueKind::kVoid ? IrRef{} : fresh();
    return true;
  }
  void enterInlinedFrame(VirtualizableFrame*) override { lines.push_back("enter"); }
  void leaveInlinedFrame(VirtualizableFrame*) override { lines.push_back("leave"); }
  DriverAction mergePoint(VirtualizableFrame*, const GreenKey&) override {
    return DriverAction::kContinue;
  }
  DriverAction canEnterJit(VirtualizableFrame*, const GreenKey&) override {
    return DriverAction::kContinue;
  }
  void frameReturns(VirtualizableFrame*, IrRef, ValueKind, bool) override {}
  IrRef resumedException() override { return {}; }
  void abort(const std::string& reason) override {
    lines.push_back("abort: " + reason);
    recording_ = false;
  }
};

}  // namespace pyl::framework::testing
