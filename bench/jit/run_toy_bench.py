#!/usr/bin/env python3
"""JIT benchmarks on the stack toy (bench/jit/programs/*.stk) — a benchmark, never a test.

For each program, runs `stack_toy` REPEAT times in each mode and reports the median wall time,
min and max, and the speed-up of each JIT mode over --jit off measured in the same run:
  off        --jit off                       (the interpreter alone)
  llvm       default parameters              (LLVM ORC backend, background compilation)
  reference  --jit backend=reference         (the IR-interpreting backend: the slow twin)
It also compares the sum loop's machine code with the same loop in C++ (-O2) per iteration (the
JIT's from runs of N and 2N iterations, so start-up and compilation cancel out), and reports
per-trace LLVM compile times collected from PYLANGLOG=jit-backend.

Usage: run_toy_bench.py BUILD_DIR [--repeat N] [--sum-n N]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = ["sum_loop", "attr_loop", "fib"]
MODES = [("off", ["--jit", "off"]), ("llvm", []), ("reference", ["--jit", "backend=reference"])]


def timed(args, env=None):
    start = time.perf_counter()
    run = subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(args), run.stderr))
    return elapsed, run


def summary(times):
    return "median %8.3f s  (min %.3f, max %.3f, n=%d)" % (
        statistics.median(times), min(times), max(times), len(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sum-n", type=int, default=100000000)
    options = parser.parse_args()
    toy = os.path.join(options.build, "tests/framework/toys/stack/stack_toy")
    native = os.path.join(options.build, "bench/jit/sum_loop_native")

    print("== toy programs: wall time per run, JIT off vs LLVM vs reference backend")
    compile_ms = []
    for name in PROGRAMS:
        program = os.path.join(HERE, "programs", name + ".stk")
        medians = {}
        outputs = set()
        for mode, flags in MODES:
            times = []
            for _ in range(options.repeat):
                elapsed, run = timed([toy] + flags + [program])
                times.append(elapsed)
                outputs.add(run.stdout)
            medians[mode] = statistics.median(times)
            print("%-10s %-10s %s" % (name, mode, summary(times)))
        if len(outputs) != 1:
            sys.exit("%s: the modes printed different results: %r" % (name, outputs))
        print("%-10s speed-up llvm/off %.1fx, reference/off %.2fx" % (
            name, medians["off"] / medians["llvm"], medians["off"] / medians["reference"]))
        env = dict(os.environ, PYLANGLOG="jit-backend:-")
        _, run = timed([toy, "--jit", "compile_async=0", program], env)
        compile_ms += [(float(w), float(c)) for w, c in re.findall(r"compile ([0-9.]+) ms \(cpu ([0-9.]+) ms\)", run.stderr)]

    print("\n== sum loop: LLVM JIT machine code vs the same loop in C++ (-O2)")
    # The JIT's loop time per iteration is the difference of runs with N and 2N iterations, so
    # start-up, warm-up, tracing and compilation cancel out; C++ times its loop itself.
    n = options.sum_n
    per_run = {}
    for count in (n, 2 * n):
        with open(os.path.join(HERE, "programs", "sum_loop.stk")) as f:
            text = f.read().replace("push 10000000", "push %d" % count)
        with tempfile.NamedTemporaryFile("w", suffix=".stk", delete=False) as f:
            f.write(text)
            path = f.name
        times = []
        for _ in range(options.repeat):
            elapsed, jit_run = timed([toy, "--jit", "compile_async=0", path])
            times.append(elapsed)
        os.unlink(path)
        per_run[count] = times
        print("toy+LLVM N=%-11d %s" % (count, summary(times)))
        native_ns = []
        for _ in range(options.repeat):
            _, native_run = timed([native, str(count)])
            native_ns.append(float(re.search(r"([0-9.]+) ns/iteration", native_run.stderr).group(1)))
            if jit_run.stdout != native_run.stdout:
                sys.exit("sum loop: JIT printed %r, C++ %r" % (jit_run.stdout, native_run.stdout))
        per_run["native", count] = native_ns
    jit_ns = (statistics.median(per_run[2 * n]) - statistics.median(per_run[n])) * 1e9 / n
    spread = [(b - a) * 1e9 / n for a, b in zip(sorted(per_run[n]), sorted(per_run[2 * n]))]
    native_ns = per_run["native", 2 * n]
    print("JIT loop:  %.3f ns/iteration (pairwise sorted runs: min %.3f, max %.3f)" % (jit_ns, min(spread), max(spread)))
    print("C++ loop:  %.3f ns/iteration (median of %d; min %.3f, max %.3f)" % (
        statistics.median(native_ns), len(native_ns), min(native_ns), max(native_ns)))
    print("ratio JIT/C++: %.2f" % (jit_ns / statistics.median(native_ns)))

    print("\n== LLVM compile time per trace (default settings, synchronous, all traces above)")
    if compile_ms:
        for label, values in (("wall", [w for w, _ in compile_ms]), ("cpu", [c for _, c in compile_ms])):
            print("%s: traces %d: median %.3f ms, min %.3f, max %.3f" % (
                label, len(values), statistics.median(values), min(values), max(values)))


if __name__ == "__main__":
    main()
