// tests/unit/framework/no_branch_on_traced.cpp — must NOT compile (see CMakeLists.txt): the
// handler decides a C++ branch on a traced value without asking the context. With
// -DPYL_CONTROL it asks the context and must compile, which proves the failure is the branch.
#include "framework/concrete_cx.h"
#include "framework/tracing_cx.h"

template <class Cx>
std::int64_t handler(Cx& cx, typename Cx::template Val<std::int64_t> a) {
#ifdef PYL_CONTROL
  if (cx.isTrue(cx.lt(a, cx.constant(std::int64_t{10})))) return 1;
#else
  if (cx.lt(a, cx.constant(std::int64_t{10}))) return 1;  // the bug the type system must catch
#endif
  return 0;
}

template std::int64_t handler<pyl::framework::TracingCx>(pyl::framework::TracingCx&,
                                                         pyl::framework::Traced<std::int64_t>);
