// bench/jit/sum_loop_native.cpp — the toy's boxed-int sum loop (bench/jit/programs/sum_loop.stk)
// written directly in C++ and compiled with the project's -O2: the reference point the JIT's
// machine code is compared with. Same semantics: checked additions (the toy raises
// OverflowError), the bound read at run time so the compiler cannot fold the loop.
//   sum_loop_native N     prints sum(range(N)) and the loop's time in ns per iteration
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: sum_loop_native N\n");
    return 2;
  }
  const std::int64_t n = std::strtoll(argv[1], nullptr, 10);
  const auto start = std::chrono::steady_clock::now();
  std::int64_t total = 0;
  for (std::int64_t i = 0; i < n;) {
    if (__builtin_add_overflow(total, i, &total)) return 1;  // OverflowError
    if (__builtin_add_overflow(i, 1, &i)) return 1;
  }
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  std::printf("%lld\n", static_cast<long long>(total));
  std::fprintf(stderr, "loop: %.3f ns/iteration\n", n > 0 ? ns / static_cast<double>(n) : 0.0);
  return 0;
}
