// jit/opt/unroll.cpp — loop peeling (PyPy's OptUnroll), the last pass.
//
// Input: a loop  [args] label(X, descr=D) body jump(J)  already optimized as one iteration.
// Output: a PREAMBLE (one full iteration, entered from the interpreter or a bridge through D)
// followed by the LOOP that the second label starts and the final jump (no descr: to the last
// label) closes:
//
//   [args] label(X, descr=D) body[X] label(X') body'[X'] jump(J')
//
// What the loop keeps is only what varies:
//   * LOOP-CARRIED VIRTUALS. When J[k] is an object allocated in the body that only has fields
//     stored into it and is passed in position k, and X[k] is only class-checked, null-checked
//     and read by getfield, the object never needs to exist: position k of the loop label is
//     replaced by its fields. In the loop, guards on X[k] vanish, getfields read label args,
//     snapshots describe X[k] as a virtual (materialized only if a guard fails), and the jump
//     passes the stored values. (A boxed integer counter becomes a plain int loop variable.)
//   * CARRIED LOADS. The first load of a field or constant-index item of an invariant object
//     reads what the previous iteration stored there last (DESIGN(carried-loads) below); when
//     that was an object the loop allocated, its class and stored fields are carried too.
//   * LOOP INVARIANTS. A value is invariant when it is a label arg the jump passes back in the
//     same position, a constant, or a pure op / load / elidable call of invariants (loads only
//     when no store or call in the loop may write that field or array). The preamble computed
//     every invariant with the same inputs, so the loop takes the preamble's value as an extra
//     label arg, and guards on invariants are dropped from the loop: the preamble checked them.
// The peeled trace is then re-optimized by the passes that ran before unroll (so loop bodies
// get folded and cached with the new facts). Traces that are not such a loop, or where nothing
// would be gained, come back unchanged; if re-optimizing fails, the one-iteration loop is kept.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "jit/ir/verifier.h"
#include "jit/opt/optimizer.h"

namespace pyl::jit::opt {

namespace {

struct CarriedLoad {
  std::size_t load = 0;          // body op reading the location first
  std::size_t store = 0;         // body op that last writes it
  std::uint64_t knownClass = 0;  // the stored value is a fresh object of this class (0: unknown)
  // getfields on the loaded object whose value the previous iteration set: (op, stored value;
  // None when the body never set it, i.e. zero).
  std::vector<std::pair<std::size_t, Value>> knownReads;
};

struct Exploded {
  std::size_t position = 0;      // k
  std::uint32_t allocIndex = 0;  // body op defining J[k]
  Opcode alloc = Opcode::new_with_vtable;
  const Descr* descr = nullptr;
  std::vector<const ir::FieldDescr*> fields;  // F_k, by offset
};

class Unroll {
 public:
  Unroll(const Trace& in, const std::vector<PassId>& others, bool verify)
      : in_(in), others_(others), verify_(verify) {}

  PassOutcome run() {
    if (!isSimpleLoop()) return PassOutcome::done(in_);
    findExploded();
    indexBody();
    findInvariants();
    findCarriedLoads();
    if (exploded_.empty() && invariantOps_.empty() && carried_.empty())
      return PassOutcome::done(in_);
    Trace peeled = build();
    if (auto problem = ir::verifyTrace(peeled)) {
      return PassOutcome::abort("internal error: peeled loop is invalid: " + *problem);
    }
    OptimizeResult again = runPasses(peeled, others_, verify_);
    if (!again.ok()) {  // keep the correct one-iteration loop, and say why
      PassOutcome kept = PassOutcome::done(in_);
      kept.note = "unroll: peeled loop not kept: " + again.abortReason;
      return kept;
    }
    return PassOutcome::done(std::move(*again.trace));
  }

 private:
  const Op& label() const { return in_.ops().front(); }
  const Op& jump() const { return in_.ops().back(); }

  bool isSimpleLoop() {
    const auto& ops = in_.ops();
    if (ops.size() < 2 || ops.front().opcode != Opcode::label || ops.back().opcode != Opcode::jump)
      return false;
    if (ops.back().descr != ops.front().descr) return false;
    for (std::size_t i = 1; i + 1 < ops.size(); ++i) {
      if (ops[i].opcode == Opcode::label) return false;
    }
    return ops.front().args.size() == ops.back().args.size();
  }

  // --- which loop-carried objects can stay virtual ---
  void findExploded() {
    const auto& ops = in_.ops();
    const Op& j = jump();
    std::vector<Exploded> candidates;
    for (std::size_t k = 0; k < j.args.size(); ++k) {
      Value v = j.args[k];
      if (!v.isOp() || v.index() == 0) continue;
      const Op& alloc = ops[v.index()];
      if (alloc.opcode != Opcode::new_with_vtable && alloc.opcode != Opcode::new_) continue;
      if (std::count(j.args.begin(), j.args.end(), v) != 1) continue;
      Exploded e{k, v.index(), alloc.opcode, alloc.descr, {}};
      if (usesAreExplodable(e)) candidates.push_back(e);
    }
    // Field values must not themselves be exploded objects (either side): drop until stable.
    bool changed = true;
    while (changed) {
      changed = false;
      for (std::size_t c = 0; c < candidates.size(); ++c) {
        if (storesExplodedValue(candidates[c], candidates)) {
          candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(c));
          changed = true;
          break;
        }
      }
    }
    exploded_ = candidates;
    for (const Exploded& e : exploded_) {
      explodedAt_[e.position] = &e - exploded_.data();
      explodedAlloc_[Value::op(e.allocIndex)] = &e - exploded_.data();
    }
  }

  bool usesAreExplodable(Exploded& e) {
    const auto& ops = in_.ops();
    const Value allocated = Value::op(e.allocIndex);
    const Value carried = label().args[e.position];
    if (std::count(jump().args.begin(), jump().args.end(), carried) != 0) return false;
    const auto* size = ir::descrAs<ir::SizeDescr>(e.descr);
    std::vector<const ir::FieldDescr*> fields;
    for (std::size_t i = 1; i + 1 < ops.size(); ++i) {
      const Op& op = ops[i];
      for (std::size_t a = 0; a < op.args.size(); ++a) {
        Value v = op.args[a];
        if (v == allocated) {
          if (op.opcode != Opcode::setfield_gc || a != 0 || op.args[1] == allocated) return false;
          fields.push_back(ir::descrAs<ir::FieldDescr>(op.descr));
        } else if (v == carried) {
          bool classCheck =
              (op.opcode == Opcode::guard_class || op.opcode == Opcode::guard_nonnull_class) &&
              a == 0 && e.alloc == Opcode::new_with_vtable && size != nullptr &&
              op.args[1].isConst() && in_.constBits(op.args[1]) == size->vtable;
          bool read = ir::isGetfieldGc(op.opcode);
          if (!classCheck && !read && op.opcode != Opcode::guard_nonnull) return false;
          if (read) fields.push_back(ir::descrAs<ir::FieldDescr>(op.descr));
        }
      }
    }
    std::sort(fields.begin(), fields.end(), [](auto* x, auto* y) {
      return x->offset < y->offset || (x->offset == y->offset && x < y);
    });
    fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
    e.fields = fields;
    return true;
  }

  bool storesExplodedValue(const Exploded& e, const std::vector<Exploded>& all) {
    const auto& ops = in_.ops();
    for (std::size_t i = 1; i + 1 < ops.size(); ++i) {
      const Op& op = ops[i];
      if (op.opcode != Opcode::setfield_gc || op.args[0] != Value::op(e.allocIndex)) continue;
      for (const Exploded& other : all) {
        if (op.args[1] == Value::op(other.allocIndex) || op.args[1] == label().args[other.position])
          return true;
      }
    }
    return false;
  }

  bool isExplodedStore(const Op& op) const {
    return op.opcode == Opcode::setfield_gc && explodedAlloc_.count(op.args[0]) != 0;
  }
  int explodedCarried(Value v) const {
    for (const Exploded& e : exploded_) {
      if (label().args[e.position] == v) return static_cast<int>(&e - exploded_.data());
    }
    return -1;
  }

  // --- loop invariants ---
  // No op of the body may write the location (index < 0: a field).
  bool bodyNeverWrites(Value object, const Descr* descr, std::int64_t index) const {
    return !mayWriteIn(1, in_.ops().size() - 1, object, descr, index);
  }

  void findInvariants() {
    const auto& ops = in_.ops();
    for (std::size_t k = 0; k < label().args.size(); ++k) {
      if (explodedAt_.count(k) == 0 && jump().args[k] == label().args[k])
        invariant_.insert(label().args[k]);
    }
    for (std::size_t i = 1; i + 1 < ops.size(); ++i) {
      const Op& op = ops[i];
      const Value self = Value::op(static_cast<std::uint32_t>(i));
      bool argsInvariant = std::all_of(op.args.begin(), op.args.end(),
                                       [&](Value v) { return v.isConst() || invariant_.count(v); });
      if (!argsInvariant) continue;
      bool isInvariant = false;
      if (ir::isPure(op.opcode)) {
        isInvariant = true;
      } else if (const auto* field = ir::descrAs<ir::FieldDescr>(op.descr);
                 field && ir::isGetfieldGc(op.opcode)) {
        isInvariant = field->immutable || bodyNeverWrites(op.args[0], field, -1);
      } else if (const auto* array = ir::descrAs<ir::ArrayDescr>(op.descr);
                 array && ir::isGetarrayitemGc(op.opcode)) {
        std::int64_t index =
            op.args[1].isConst() ? in_.constInt64(op.args[1]) : -2;  // -2: unknown index
        isInvariant = array->immutable || bodyNeverWrites(op.args[0], array, index);
      } else if (op.opcode == Opcode::arraylen_gc) {
        isInvariant = true;
      } else if (const auto* call = ir::descrAs<ir::CallDescr>(op.descr);
                 call && ir::isCallPure(op.opcode)) {
        isInvariant = call->effects.extra == ir::ExtraEffect::kElidableCannotRaise;
      } else {
        switch (op.opcode) {
          case Opcode::guard_true:
          case Opcode::guard_false:
          case Opcode::guard_value:
          case Opcode::guard_class:
          case Opcode::guard_nonnull:
          case Opcode::guard_isnull:
          case Opcode::guard_nonnull_class:
            isInvariant = true;
            break;
          default:
            break;
        }
      }
      if (!isInvariant) continue;
      invariantOps_.insert(i);
      if (op.type() != Type::Void) invariant_.insert(self);
      if (ir::isOvf(op.opcode) && i + 2 < ops.size())
        invariantOps_.insert(i + 1);  // its guard_no_overflow
    }
  }

  // --- heap values carried around the back edge ---
  // Whether `op` may write location (object, descr, index); index < 0 for a field.
  bool mayWrite(std::size_t at, Value object, const Descr* descr, std::int64_t index) const {
    const Op& op = in_.ops()[at];
    if (explodedAlloc_.count(Value::op(static_cast<std::uint32_t>(at))) || isExplodedStore(op))
      return false;
    if (op.opcode == Opcode::setfield_gc) return op.descr == descr;
    if (op.opcode == Opcode::setarrayitem_gc) {
      if (op.descr != descr) return false;
      bool otherSlot = index >= 0 && op.args[0] == object && op.args[1].isConst() &&
                       in_.constInt64(op.args[1]) != index;
      return !otherSlot;
    }
    if (ir::isCall(op.opcode) || ir::isEscape(op.opcode)) {
      const auto* call = ir::descrAs<ir::CallDescr>(op.descr);
      if (call == nullptr) return true;
      if (const auto* field = ir::descrAs<ir::FieldDescr>(descr))
        return call->effects.mayWriteField(*field);
      return call->effects.mayWriteArray(*ir::descrAs<ir::ArrayDescr>(descr));
    }
    return false;
  }

  // DESIGN(unroll-indexes): the aliasing questions ("may anything in ops [lo, hi) write this
  // location?") are answered from per-descriptor lists of store positions, the positions of
  // calls with random effects and of calls with listed effects, and a use list per value, so
  // peeling stays close to linear in the trace length (traces may be long: trace_limit).
  void indexBody() {
    const auto& ops = in_.ops();
    for (std::size_t i = 1; i + 1 < ops.size(); ++i) {
      const Op& op = ops[i];
      for (Value v : op.args) {
        if (!v.isConst()) usesOf_[v].push_back(i);
      }
      if (explodedAlloc_.count(Value::op(static_cast<std::uint32_t>(i))) || isExplodedStore(op))
        continue;
      if (op.opcode == Opcode::setfield_gc || op.opcode == Opcode::setarrayitem_gc) {
        storesByDescr_[op.descr].push_back(i);
        std::int64_t index = op.opcode == Opcode::setarrayitem_gc
                                 ? (op.args[1].isConst() ? in_.constInt64(op.args[1]) : -2)
                                 : -1;
        exactStores_[{op.args[0], op.descr, index}].push_back(i);
      } else if (ir::isCall(op.opcode) || ir::isEscape(op.opcode)) {
        const auto* call = ir::descrAs<ir::CallDescr>(op.descr);
        if (call == nullptr || call->effects.hasRandomEffects()) {
          randomWrites_.push_back(i);
        } else if (!call->effects.writesNothing()) {
          effectCalls_.push_back(i);
        }
      }
    }
  }

  // Whether any op in [lo, hi) may write the location.
  bool mayWriteIn(std::size_t lo, std::size_t hi, Value object, const Descr* descr,
                  std::int64_t index) const {
    if (lo >= hi) return false;
    auto any = [&](const std::vector<std::size_t>& positions, bool checkEach) {
      for (auto it = std::lower_bound(positions.begin(), positions.end(), lo);
           it != positions.end() && *it < hi; ++it) {
        if (!checkEach || mayWrite(*it, object, descr, index)) return true;
      }
      return false;
    };
    if (any(randomWrites_, false)) return true;
    if (auto it = storesByDescr_.find(descr); it != storesByDescr_.end() && any(it->second, true)) {
      return true;
    }
    return any(effectCalls_, true);
  }

  // The last store to exactly this location in (after, end), or 0.
  std::size_t lastExactStore(Value object, const Descr* descr, std::int64_t index,
                             std::size_t after) const {
    auto it = exactStores_.find({object, descr, index});
    if (it == exactStores_.end() || it->second.back() <= after) return 0;
    return it->second.back();
  }

  // DESIGN(carried-loads): the first load of a location of an invariant object, when nothing
  // before it in the body may write that location, reads what the previous iteration last
  // stored there, provided nothing after that store may overwrite it. The loop then takes the
  // stored value as a label arg instead of loading it (the preamble passes its own store's
  // value), PyPy's short-preamble effect for the common `obj.x = obj.x + 1` shape.
  void findCarriedLoads() {
    const auto& ops = in_.ops();
    std::set<std::tuple<Value, const Descr*, std::int64_t>> seen;
    for (std::size_t l = 1; l + 1 < ops.size(); ++l) {
      const Op& load = ops[l];
      bool field = ir::isGetfieldGc(load.opcode);
      bool item = ir::isGetarrayitemGc(load.opcode) && load.args[1].isConst();
      if ((!field && !item) || invariantOps_.count(l) || !invariant_.count(load.args[0])) continue;
      Value object = load.args[0];
      std::int64_t index = item ? in_.constInt64(load.args[1]) : -1;
      if (!seen.insert({object, load.descr, index}).second) continue;  // only the first load
      if (mayWriteIn(1, l, object, load.descr, index)) continue;
      std::size_t store = lastExactStore(object, load.descr, index, l);
      if (store == 0 || mayWriteIn(store + 1, ops.size() - 1, object, load.descr, index)) continue;
      CarriedLoad carried{l, store, 0, {}};
      learnAboutStoredObject(carried);
      if (carried.knownClass != 0)
        knownClassOf_[Value::op(static_cast<std::uint32_t>(l))] = carried.knownClass;
      carried_.push_back(carried);
      carriedLoadAt_.insert(l);
      for (const auto& read : carried.knownReads) knownReadAt_.insert(read.first);
    }
  }

  // When the carried value is an object the body allocates, the next iteration knows its class
  // and the fields the body set on it (if nothing may overwrite them after the store and nothing
  // may write them before the read): its guard_class and those getfields leave the loop.
  void learnAboutStoredObject(CarriedLoad& c) {
    const auto& ops = in_.ops();
    Value stored = storedValue(c);
    if (!stored.isOp() || ops[stored.index()].opcode != Opcode::new_with_vtable) return;
    c.knownClass = ir::descrAs<ir::SizeDescr>(ops[stored.index()].descr)->vtable;
    const Value loaded = Value::op(static_cast<std::uint32_t>(c.load));
    auto uses = usesOf_.find(loaded);
    if (uses == usesOf_.end()) return;
    for (std::size_t g : uses->second) {
      const Op& read = ops[g];
      if (!ir::isGetfieldGc(read.opcode) || read.args[0] != loaded) continue;
      std::size_t lastSet = lastExactStore(stored, read.descr, -1, stored.index());
      Value value = lastSet != 0 ? ops[lastSet].args[1] : Value();  // None: never set, zero
      std::size_t from = lastSet != 0 ? lastSet : stored.index();
      bool unchanged = !mayWriteIn(from + 1, ops.size() - 1, stored, read.descr, -1) &&
                       !mayWriteIn(1, g, loaded, read.descr, -1);
      if (unchanged) c.knownReads.emplace_back(g, value);
    }
  }

  // A check the carried object's known class makes redundant in the loop.
  bool isKnownClassCheck(const Op& op) const {
    if (op.args.empty()) return false;
    auto it = knownClassOf_.find(op.args[0]);
    if (it == knownClassOf_.end()) return false;
    if (op.opcode == Opcode::guard_nonnull) return true;
    return (op.opcode == Opcode::guard_class || op.opcode == Opcode::guard_nonnull_class) &&
           in_.constBits(op.args[1]) == it->second;
  }

  Value storedValue(const CarriedLoad& c) const { return in_.ops()[c.store].args.back(); }

  // The value a known read stands for, in the output (a zero constant when never set).
  Value knownRead(const std::unordered_map<Value, Value>& m,
                  const std::pair<std::size_t, Value>& read) {
    if (read.second.isNone()) return zeroOf(out_, in_.ops()[read.first].type());
    return mapped(m, read.second);
  }

  // --- building the peeled trace ---
  using Map = std::unordered_map<Value, Value>;

  Value mapped(const Map& m, Value old) {
    if (old.isConst()) {
      const ir::Constant& c = in_.constant(old);
      return c.isClass ? out_.constClass(in_.constBits(old))
                       : out_.constOfType(c.type, in_.constBits(old));
    }
    auto it = m.find(old);
    return it == m.end() ? Value() : it->second;
  }

  // Fields of an exploded object as an ordered list of (descr, value) for a snapshot entry.
  ir::VirtualObject virtualEntry(const Exploded& e,
                                 const std::map<const ir::FieldDescr*, Value>& values) {
    ir::VirtualObject entry;
    entry.allocOp = e.alloc;
    entry.descr = e.descr;
    for (const ir::FieldDescr* field : e.fields) {
      auto it = values.find(field);
      if (it == values.end()) continue;
      entry.fields.push_back(field);
      entry.values.push_back(it->second);
    }
    // Fields stored but never read are not in e.fields: they still belong to the object.
    for (const auto& [field, value] : values) {
      if (std::find(e.fields.begin(), e.fields.end(), field) == e.fields.end()) {
        entry.fields.push_back(field);
        entry.values.push_back(value);
      }
    }
    return entry;
  }

  // Copies a snapshot; `virtualFor` returns a VirtualObject for values that are virtual here.
  std::int32_t copySnapshot(
      std::int32_t index, const Map& m,
      const std::function<std::optional<ir::VirtualObject>(Value)>& virtualFor) {
    Snapshot s = in_.snapshot(index);
    std::vector<ir::VirtualObject> added;
    std::unordered_map<Value, std::uint32_t> entryOf;
    const std::size_t base = s.virtuals.size();
    s.mapValues([&](Value v) -> Value {
      if (v.isVirtual() || v.isNone()) return v;
      if (auto it = entryOf.find(v); it != entryOf.end()) return Value::virtualRef(it->second);
      if (std::optional<ir::VirtualObject> entry = virtualFor(v)) {
        auto k = static_cast<std::uint32_t>(base + added.size());
        entryOf[v] = k;
        added.push_back(std::move(*entry));
        return Value::virtualRef(k);
      }
      return mapped(m, v);
    });
    for (auto& entry : added) s.virtuals.push_back(std::move(entry));
    return out_.addSnapshot(std::move(s));
  }

  Value emitCopy(const Op& op, std::vector<Value> args, std::int32_t snapshot) {
    Op copy;
    copy.opcode = op.opcode;
    copy.descr = op.descr;
    copy.args = std::move(args);
    copy.snapshot = snapshot;
    return out_.append(std::move(copy));
  }

  std::vector<Value> mapArgs(const Map& m, const Op& op) {
    std::vector<Value> args;
    for (Value v : op.args) args.push_back(mapped(m, v));
    return args;
  }

  // Invariant op results the loop refers to (they become extra label args).
  std::vector<Value> neededInvariants() {
    const auto& ops = in_.ops();
    std::vector<Value> needed;
    std::unordered_set<Value> seen;
    auto use = [&](Value v) {
      if (v.isOp() && invariant_.count(v) && seen.insert(v).second) needed.push_back(v);
    };
    for (std::size_t i = 1; i < ops.size(); ++i) {
      const Op& op = ops[i];
      if (invariantOps_.count(i)) continue;
      for (Value v : op.args) use(v);
      if (op.snapshot >= 0) in_.snapshot(op.snapshot).forEachValue(use);
    }
    std::sort(needed.begin(), needed.end());
    return needed;
  }

  Trace build() {
    const auto& ops = in_.ops();
    out_.copyCallPureResults(in_);
    Map pre;
    for (std::size_t i = 0; i < in_.inputArgCount(); ++i) {
      pre[Value::inputArg(static_cast<std::uint32_t>(i))] = out_.addInputArg(in_.inputArgType(i));
    }
    // Preamble: label as it was, then the body with exploded allocations kept virtual.
    std::int32_t labelSnapshot =
        label().snapshot >= 0 ? copySnapshot(label().snapshot, pre, noVirtuals()) : -1;
    emitCopy(label(), mapArgs(pre, label()), labelSnapshot);
    std::vector<std::map<const ir::FieldDescr*, Value>> preFields(exploded_.size());
    std::vector<bool> preAllocated(exploded_.size(), false);
    auto preVirtual = [&](Value v) -> std::optional<ir::VirtualObject> {
      auto it = explodedAlloc_.find(v);
      if (it == explodedAlloc_.end() || !preAllocated[it->second]) return std::nullopt;
      return virtualEntry(exploded_[it->second], preFields[it->second]);
    };
    for (std::size_t i = 1; i + 1 < ops.size(); ++i) {
      const Op& op = ops[i];
      if (auto it = explodedAlloc_.find(Value::op(static_cast<std::uint32_t>(i)));
          it != explodedAlloc_.end()) {
        preAllocated[it->second] = true;
        continue;
      }
      if (isExplodedStore(op)) {
        preFields[explodedAlloc_.at(op.args[0])][ir::descrAs<ir::FieldDescr>(op.descr)] =
            mapped(pre, op.args[1]);
        continue;
      }
      std::int32_t snapshot = op.snapshot >= 0 ? copySnapshot(op.snapshot, pre, preVirtual) : -1;
      pre[Value::op(static_cast<std::uint32_t>(i))] = emitCopy(op, mapArgs(pre, op), snapshot);
    }
    // The loop label: carried values (exploded ones as their fields), then needed invariants.
    std::vector<Value> loopArgs;
    std::vector<Value> neededInv = neededInvariants();
    for (std::size_t k = 0; k < jump().args.size(); ++k) {
      if (auto it = explodedAt_.find(k); it != explodedAt_.end()) {
        for (const ir::FieldDescr* field : exploded_[it->second].fields) {
          auto f = preFields[it->second].find(field);
          loopArgs.push_back(f != preFields[it->second].end() ? f->second
                                                              : zeroOf(out_, field->type));
        }
      } else {
        loopArgs.push_back(mapped(pre, jump().args[k]));
      }
    }
    for (Value v : neededInv) loopArgs.push_back(mapped(pre, v));
    for (const CarriedLoad& c : carried_) {
      loopArgs.push_back(mapped(pre, storedValue(c)));
      for (const auto& read : c.knownReads) loopArgs.push_back(knownRead(pre, read));
    }
    std::unordered_set<Value> distinct;
    for (Value& v : loopArgs) {
      if (v.isConst() || !distinct.insert(v).second)
        v = out_.emit(ir::sameAsFor(out_.typeOf(v)), {v});
      distinct.insert(v);
    }
    Op loopLabel;
    loopLabel.opcode = Opcode::label;
    loopLabel.args = loopArgs;
    out_.append(std::move(loopLabel));

    // The loop: label args bind carried values, fields of exploded objects and invariants.
    Map loop;
    std::vector<std::map<const ir::FieldDescr*, Value>> carriedFields(exploded_.size());
    std::size_t at = 0;
    for (std::size_t k = 0; k < jump().args.size(); ++k) {
      if (auto it = explodedAt_.find(k); it != explodedAt_.end()) {
        for (const ir::FieldDescr* field : exploded_[it->second].fields)
          carriedFields[it->second][field] = loopArgs[at++];
      } else {
        loop[label().args[k]] = loopArgs[at++];
      }
    }
    for (Value v : neededInv) loop[v] = loopArgs[at++];
    for (const CarriedLoad& c : carried_) {
      loop[Value::op(static_cast<std::uint32_t>(c.load))] = loopArgs[at++];
      for (const auto& read : c.knownReads)
        loop[Value::op(static_cast<std::uint32_t>(read.first))] = loopArgs[at++];
    }
    std::vector<std::map<const ir::FieldDescr*, Value>> loopFields(exploded_.size());
    std::vector<bool> loopAllocated(exploded_.size(), false);
    auto loopVirtual = [&](Value v) -> std::optional<ir::VirtualObject> {
      if (int e = explodedCarried(v); e >= 0) return virtualEntry(exploded_[e], carriedFields[e]);
      auto it = explodedAlloc_.find(v);
      if (it == explodedAlloc_.end() || !loopAllocated[it->second]) return std::nullopt;
      return virtualEntry(exploded_[it->second], loopFields[it->second]);
    };
    for (std::size_t i = 1; i + 1 < ops.size(); ++i) {
      const Op& op = ops[i];
      const Value self = Value::op(static_cast<std::uint32_t>(i));
      if (invariantOps_.count(i) || carriedLoadAt_.count(i) || knownReadAt_.count(i)) continue;
      if (isKnownClassCheck(op)) continue;
      if (auto it = explodedAlloc_.find(self); it != explodedAlloc_.end()) {
        loopAllocated[it->second] = true;
        continue;
      }
      if (isExplodedStore(op)) {
        loopFields[explodedAlloc_.at(op.args[0])][ir::descrAs<ir::FieldDescr>(op.descr)] =
            mapped(loop, op.args[1]);
        continue;
      }
      if (int e = op.args.empty() ? -1 : explodedCarried(op.args[0]); e >= 0) {
        if (ir::isGetfieldGc(op.opcode)) {
          const auto* field = ir::descrAs<ir::FieldDescr>(op.descr);
          auto f = carriedFields[e].find(field);
          loop[self] = f != carriedFields[e].end() ? f->second : zeroOf(out_, field->type);
        }
        continue;  // class and null checks of an object known to be virtual
      }
      std::int32_t snapshot = op.snapshot >= 0 ? copySnapshot(op.snapshot, loop, loopVirtual) : -1;
      loop[self] = emitCopy(op, mapArgs(loop, op), snapshot);
    }
    std::vector<Value> jumpArgs;
    for (std::size_t k = 0; k < jump().args.size(); ++k) {
      if (auto it = explodedAt_.find(k); it != explodedAt_.end()) {
        for (const ir::FieldDescr* field : exploded_[it->second].fields) {
          auto f = loopFields[it->second].find(field);
          jumpArgs.push_back(f != loopFields[it->second].end() ? f->second
                                                               : zeroOf(out_, field->type));
        }
      } else {
        jumpArgs.push_back(mapped(loop, jump().args[k]));
      }
    }
    for (Value v : neededInv) jumpArgs.push_back(mapped(loop, v));
    for (const CarriedLoad& c : carried_) {
      jumpArgs.push_back(mapped(loop, storedValue(c)));
      for (const auto& read : c.knownReads) jumpArgs.push_back(knownRead(loop, read));
    }
    std::int32_t jumpSnapshot =
        jump().snapshot >= 0 ? copySnapshot(jump().snapshot, loop, loopVirtual) : -1;
    Op closing;
    closing.opcode = Opcode::jump;
    closing.args = std::move(jumpArgs);
    closing.snapshot = jumpSnapshot;
    out_.append(std::move(closing));
    return std::move(out_);
  }

  static std::function<std::optional<ir::VirtualObject>(Value)> noVirtuals() {
    return [](Value) -> std::optional<ir::VirtualObject> { return std::nullopt; };
  }

  const Trace& in_;
  const std::vector<PassId>& others_;
  bool verify_;
  Trace out_;
  std::vector<Exploded> exploded_;
  std::unordered_map<std::size_t, std::size_t> explodedAt_;  // position k -> exploded_ index
  std::unordered_map<Value, std::size_t> explodedAlloc_;     // J[k] -> exploded_ index
  std::unordered_set<Value> invariant_;
  std::unordered_set<std::size_t> invariantOps_;
  std::vector<CarriedLoad> carried_;
  std::unordered_set<std::size_t> carriedLoadAt_;
  std::unordered_set<std::size_t> knownReadAt_;
  std::unordered_map<Value, std::uint64_t>
      knownClassOf_;  // carried load -> class of the stored object
  // The body's write index (DESIGN(unroll-indexes)).
  std::unordered_map<Value, std::vector<std::size_t>> usesOf_;
  std::unordered_map<const Descr*, std::vector<std::size_t>> storesByDescr_;
  std::map<std::tuple<Value, const Descr*, std::int64_t>, std::vector<std::size_t>> exactStores_;
  std::vector<std::size_t> randomWrites_;
  std::vector<std::size_t> effectCalls_;
};

}  // namespace

PassOutcome runUnroll(const Trace& in, const std::vector<PassId>& others, bool verifyEachPass) {
  return Unroll(in, others, verifyEachPass).run();
}

}  // namespace pyl::jit::opt
