// jit/backend/backend.cpp — the parts of the backend contract every backend shares.
#include "jit/backend/backend.h"

#include <unordered_set>

namespace pyl::jit::backend {

std::vector<ir::Value> guardLiveValues(const ir::Snapshot& snapshot) {
  std::vector<ir::Value> live;
  std::unordered_set<ir::Value> seen;
  snapshot.forEachValue([&](ir::Value v) {
    if ((v.isInputArg() || v.isOp()) && seen.insert(v).second) live.push_back(v);
  });
  return live;
}

}  // namespace pyl::jit::backend
