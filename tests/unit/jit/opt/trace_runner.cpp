// tests/unit/jit/opt/trace_runner.cpp — see trace_runner.h.
#include "tests/unit/jit/opt/trace_runner.h"

#include <unordered_map>

#include "jit/ir/op_semantics.h"
#include "tests/trace/opt/namespace_fixture.h"

namespace pyl::jit::testing {

namespace {

const ir::FieldDescr& fieldNamed(const char* name) {
  return *ir::descrAs<ir::FieldDescr>(testNamespace().pool.find(name));
}

struct RunError {
  std::string message;
};

class Runner {
 public:
  Runner(const ir::Trace& trace, const Words& inputs) : t_(trace), inputs_(inputs) {
    for (std::size_t i = 0; i < inputs.size(); ++i)
      values_[ir::Value::inputArg(static_cast<std::uint32_t>(i))] = inputs[i];
  }

  RunOutcome run(int maxSteps) {
    RunOutcome outcome;
    try {
      outcome.ending = execute(maxSteps, outcome.escapes);
    } catch (const RunError& e) {
      outcome.error = e.message;
    }
    for (std::size_t i = 0; i < inputs_.size() && i < t_.inputArgCount(); ++i) {
      if (t_.inputArgType(i) == ir::Type::Ref)
        outcome.heapAfter += renderValue(inputs_[i], ir::Type::Ref) + "; ";
    }
    return outcome;
  }

 private:
  std::uint64_t get(ir::Value v) {
    if (v.isConst()) return t_.constBits(v);
    auto it = values_.find(v);
    if (it == values_.end()) throw RunError{"value without a definition"};
    return it->second;
  }

  std::size_t labelFor(const ir::Op& jump, std::size_t at) {
    std::size_t found = t_.size();
    for (std::size_t i = 0; i < t_.size(); ++i) {
      const ir::Op& op = t_.ops()[i];
      if (op.opcode != ir::Opcode::label) continue;
      if (jump.descr != nullptr ? op.descr == jump.descr : i < at) found = i;
    }
    if (found == t_.size()) throw RunError{"jump to a label outside this trace"};
    return found;
  }

  std::string resumed(const ir::Snapshot& s) {
    Words virtuals(s.virtuals.size());
    auto resolve = [&](ir::Value v) { return v.isVirtual() ? virtuals[v.index()] : get(v); };
    for (std::size_t k = 0; k < s.virtuals.size(); ++k) {
      const ir::VirtualObject& o = s.virtuals[k];
      if (o.allocOp == ir::Opcode::new_array || o.allocOp == ir::Opcode::new_array_clear) {
        virtuals[k] = ir::allocateArray(*ir::descrAs<ir::ArrayDescr>(o.descr),
                                        static_cast<std::int64_t>(o.values.size()));
      } else {
        virtuals[k] = ir::allocateObject(*ir::descrAs<ir::SizeDescr>(o.descr),
                                         o.allocOp == ir::Opcode::new_with_vtable);
      }
    }
    for (std::size_t k = 0; k < s.virtuals.size(); ++k) {
      const ir::VirtualObject& o = s.virtuals[k];
      for (std::size_t i = 0; i < o.values.size(); ++i) {
        if (o.fields.empty()) {
          ir::storeArrayItem(virtuals[k], static_cast<std::int64_t>(i),
                             *ir::descrAs<ir::ArrayDescr>(o.descr), resolve(o.values[i]));
        } else {
          ir::storeField(virtuals[k], *o.fields[i], resolve(o.values[i]));
        }
      }
    }
    for (const ir::PendingStore& p : s.pendingStores) {
      ir::storeField(resolve(p.object), *ir::descrAs<ir::FieldDescr>(p.descr), resolve(p.value));
    }
    std::string text;
    for (const ir::SnapshotFrame& f : s.frames) {
      text += " frame " + std::to_string(f.code) + "@" + std::to_string(f.pc) + ":";
      for (ir::Value v : f.slots) {
        ir::Type type = v.isVirtual() ? ir::Type::Ref : t_.typeOf(v);
        text += " " + renderValue(resolve(v), type);
      }
    }
    return text;
  }

  std::string execute(int maxSteps, std::vector<std::string>& escapes) {
    bool overflowed = false;
    std::size_t pc = 0;
    for (int steps = 0; steps < maxSteps; ++steps) {
      if (pc >= t_.size()) throw RunError{"ran off the end of the trace"};
      const ir::Op& op = t_.ops()[pc];
      const ir::Value self = ir::Value::op(static_cast<std::uint32_t>(pc));
      Words args;
      if (op.opcode != ir::Opcode::label) {
        for (ir::Value v : op.args) args.push_back(get(v));
      }
      ++pc;
      using ir::Opcode;
      if (ir::isGuard(op.opcode)) {
        std::optional<bool> passes = ir::evalGuard(op.opcode, args, overflowed);
        if (!passes.has_value()) passes = true;  // no exceptions, invalidation or forcing here
        if (!*passes) return "guard failed:" + resumed(t_.snapshot(op.snapshot));
        continue;
      }
      if (ir::isPure(op.opcode)) {
        ir::EvalResult r = ir::evalPure(op.opcode, args);
        if (r.status == ir::EvalStatus::kUndefined) throw RunError{"undefined operation executed"};
        overflowed = r.status == ir::EvalStatus::kOverflow;
        values_[self] = r.bits;
        continue;
      }
      const auto* field = ir::descrAs<ir::FieldDescr>(op.descr);
      const auto* array = ir::descrAs<ir::ArrayDescr>(op.descr);
      switch (op.opcode) {
        case Opcode::label:
          break;  // entered by falling through: args already bound
        case Opcode::jump: {
          std::size_t target = labelFor(op, pc);
          const ir::Op& label = t_.ops()[target];
          for (std::size_t i = 0; i < label.args.size(); ++i) values_[label.args[i]] = args[i];
          pc = target + 1;
          break;
        }
        case Opcode::finish: {
          std::string text = "finish(";
          for (std::size_t i = 0; i < args.size(); ++i)
            text += (i ? ", " : "") + renderValue(args[i], t_.typeOf(op.args[i]));
          return text + ")";
        }
        case Opcode::getfield_gc_i:
        case Opcode::getfield_gc_r:
        case Opcode::getfield_gc_f:
          values_[self] = ir::loadField(args[0], *field);
          break;
        case Opcode::setfield_gc:
          ir::storeField(args[0], *field, args[1]);
          break;
        case Opcode::getarrayitem_gc_i:
        case Opcode::getarrayitem_gc_r:
        case Opcode::getarrayitem_gc_f:
          if (args[1] >= ir::arrayLength(args[0], *array))
            throw RunError{"array index out of range"};
          values_[self] = ir::loadArrayItem(args[0], ir::bitsInt(args[1]), *array);
          break;
        case Opcode::setarrayitem_gc:
          if (args[1] >= ir::arrayLength(args[0], *array))
            throw RunError{"array index out of range"};
          ir::storeArrayItem(args[0], ir::bitsInt(args[1]), *array, args[2]);
          break;
        case Opcode::arraylen_gc:
          values_[self] = ir::arrayLength(args[0], *array);
          break;
        case Opcode::new_:
        case Opcode::new_with_vtable:
          values_[self] = ir::allocateObject(*ir::descrAs<ir::SizeDescr>(op.descr),
                                             op.opcode == Opcode::new_with_vtable);
          break;
        case Opcode::new_array:
        case Opcode::new_array_clear:
          values_[self] = ir::allocateArray(*array, ir::bitsInt(args[0]));
          break;
        case Opcode::escape_i:
        case Opcode::escape_r:
        case Opcode::escape_f:
        case Opcode::escape_n: {
          std::string text;
          for (std::size_t i = 0; i < args.size(); ++i)
            text += (i ? ", " : "") + renderValue(args[i], t_.typeOf(op.args[i]));
          escapes.push_back(text);
          values_[self] = 0;
          break;
        }
        default:
          if (ir::isCall(op.opcode)) {
            const auto* call = ir::descrAs<ir::CallDescr>(op.descr);
            Words callArgs(args.begin() + 1, args.end());
            values_[self] =
                call->thunk(reinterpret_cast<const void*>(static_cast<std::uintptr_t>(args[0])),
                            callArgs.data());
          }
          break;  // debug_merge_point, keepalive, record_*: no effect on values
      }
    }
    return "step limit";
  }

  const ir::Trace& t_;
  Words inputs_;
  std::unordered_map<ir::Value, std::uint64_t, std::hash<ir::Value>, std::equal_to<ir::Value>,
                     gc::TracingAllocator<std::pair<const ir::Value, std::uint64_t>>>
      values_;
};

}  // namespace

RunOutcome runTrace(const ir::Trace& trace, const Words& inputs, int maxSteps) {
  return Runner(trace, inputs).run(maxSteps);
}

std::uint64_t makeIntBox(std::int64_t value) {
  const auto& ns = testNamespace();
  std::uint64_t box =
      ir::allocateObject(*ir::descrAs<ir::SizeDescr>(ns.pool.find("intsize")), true);
  ir::storeField(box, fieldNamed("intvaldescr"), ir::intBits(value));
  return box;
}

std::uint64_t makeNode(std::int64_t value, std::int64_t other, std::uint64_t next) {
  std::uint64_t node = ir::allocateObject(*testNamespace().nodesize, true);
  ir::storeField(node, fieldNamed("valuedescr"), ir::intBits(value));
  ir::storeField(node, fieldNamed("otherdescr"), ir::intBits(other));
  ir::storeField(node, fieldNamed("nextdescr"), next);
  return node;
}

std::string renderValue(std::uint64_t word, ir::Type type, int depth) {
  if (type == ir::Type::Int) return std::to_string(ir::bitsInt(word));
  if (type == ir::Type::Float) return std::to_string(ir::bitsFloat(word));
  if (word == 0) return "NULL";
  if (depth > 4) return "...";
  const auto& ns = testNamespace();
  std::uint64_t cls = ir::classOf(word);
  if (cls == ns.names.classes.at("int_vtable"))
    return "Int(" + std::to_string(ir::bitsInt(ir::loadField(word, fieldNamed("intvaldescr")))) +
           ")";
  if (cls == ns.nodeVtable) {
    return "Node(value=" +
           renderValue(ir::loadField(word, fieldNamed("valuedescr")), ir::Type::Int) +
           ", other=" + renderValue(ir::loadField(word, fieldNamed("otherdescr")), ir::Type::Int) +
           ", next=" +
           renderValue(ir::loadField(word, fieldNamed("nextdescr")), ir::Type::Ref, depth + 1) +
           ")";
  }
  return "object";
}

}  // namespace pyl::jit::testing
