# Recursive Fibonacci: measures plain Python function calls and small-int arithmetic.
# Self-check: the result against an iteratively computed Fibonacci number.
import harness

META = {
    "name": "fib",
    "description": "naive recursive fib(n): call overhead and small ints",
    "in_geomean": True,
}
WORKLOADS = {"tiny": 18, "quick": 25, "full": 33}


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def run(n):
    return fib(n)


def check(n, result):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    harness.expect(result == a, "fib(%d) = %r, expected %r" % (n, result, a))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
