// bench/jit/fib_native.cpp — the toy's recursive fib (bench/jit/programs/fib.stk) written
// directly in C++ and compiled with the project's -O2: the reference point for the JIT's calls.
// Same algorithm and semantics: checked additions and subtractions (the toy raises
// OverflowError), fib(n) for n < 2 is n, the argument read at run time.
//   fib_native N REPEAT   prints the sum of REPEAT fib(N) and the time per call in ns
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

std::int64_t calls = 0;

// noinline: each call is a real call, as the toy's call_assembler makes one per fib call.
[[gnu::noinline]] std::int64_t fib(std::int64_t n) {
  ++calls;
  if (n < 2) return n;
  std::int64_t a = 0, b = 0, r = 0;
  if (__builtin_sub_overflow(n, 1, &a) || __builtin_sub_overflow(n, 2, &b)) std::exit(1);
  if (__builtin_add_overflow(fib(a), fib(b), &r)) std::exit(1);  // OverflowError
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fib_native N REPEAT\n");
    return 2;
  }
  const std::int64_t n = std::strtoll(argv[1], nullptr, 10);
  const std::int64_t repeat = std::strtoll(argv[2], nullptr, 10);
  const auto start = std::chrono::steady_clock::now();
  std::int64_t total = 0;
  for (std::int64_t i = 0; i < repeat; ++i) total += fib(n);
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  std::printf("%lld\n", static_cast<long long>(total));
  std::fprintf(stderr, "fib: %.3f ns/call (%lld calls)\n", calls > 0 ? ns / static_cast<double>(calls) : 0.0,
               static_cast<long long>(calls));
  return 0;
}
