#!/usr/bin/env python3
"""JIT benchmarks on the stack toy (bench/jit/programs/*.stk) — a benchmark, never a test.

For each program, runs `stack_toy` REPEAT times in each mode and reports the median wall time,
min and max, and the speed-up of each JIT mode over --jit off measured in the same run:
  off        --jit off                       (the interpreter alone)
  llvm       default parameters              (LLVM ORC backend, background compilation)
  llvm-sync  --jit compile_async=0           (LLVM, compiling on the interpreter's thread)
  reference  --jit backend=reference         (the IR-interpreting backend: the slow twin)
It also compares the sum loop's machine code with the same loop in C++ (-O2) per iteration, and
fib's calls with the same recursion in C++ (-O2) and with the interpreter per call (the toy's
figures from runs of N and 2N iterations or repetitions, so start-up and compilation cancel out:
the steady state), and reports per-trace LLVM compile times collected from PYLANGLOG=jit-backend.

Usage: run_toy_bench.py BUILD_DIR [--repeat N] [--sum-n N] [--programs NAME,...]
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = ["sum_loop", "attr_loop", "fib"]
MODES = [("off", ["--jit", "off"]), ("llvm", []), ("llvm-sync", ["--jit", "compile_async=0"]),
         ("reference", ["--jit", "backend=reference"])]


# CPU time (user + system) of the child: on a shared, oversubscribed machine wall time mostly
# measures the other processes; CPU time is what the program itself spent. Both are reported.
CPU_TIMES = []


def timed(args, env=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(args), run.stderr))
    CPU_TIMES.append((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
    return elapsed, run


def summary(times):
    return "median %8.3f s  (min %.3f, max %.3f, n=%d)" % (
        statistics.median(times), min(times), max(times), len(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sum-n", type=int, default=100000000)
    parser.add_argument("--programs", default=",".join(PROGRAMS),
                        help="which of %s to time (the per-iteration comparisons always run)" % ",".join(PROGRAMS))
    options = parser.parse_args()
    programs = [p for p in options.programs.split(",") if p]
    for p in programs:
        if p not in PROGRAMS:
            sys.exit("unknown program %r (known: %s)" % (p, ", ".join(PROGRAMS)))
    toy = os.path.join(options.build, "tests/framework/toys/stack/stack_toy")
    native_exe = os.path.join(options.build, "bench/jit/sum_loop_native")

    print("== toy programs: wall time per run, JIT off vs LLVM vs reference backend")
    compile_ms = []
    for name in programs:
        program = os.path.join(HERE, "programs", name + ".stk")
        medians = {}
        outputs = set()
        cpu_medians = {}
        for mode, flags in MODES:
            times, cpus = [], []
            for _ in range(options.repeat):
                elapsed, run = timed([toy] + flags + [program])
                times.append(elapsed)
                cpus.append(CPU_TIMES[-1])
                outputs.add(run.stdout)
            medians[mode] = statistics.median(times)
            cpu_medians[mode] = statistics.median(cpus)
            print("%-10s %-10s wall %s | cpu %s" % (name, mode, summary(times), summary(cpus)))
        if len(outputs) != 1:
            sys.exit("%s: the modes printed different results: %r" % (name, outputs))
        print("%-10s speed-up llvm/off wall %.1fx cpu %.1fx; llvm-sync/off wall %.1fx cpu %.1fx; "
              "reference/off wall %.2fx cpu %.2fx" % (
            name, medians["off"] / medians["llvm"], cpu_medians["off"] / cpu_medians["llvm"],
            medians["off"] / medians["llvm-sync"], cpu_medians["off"] / cpu_medians["llvm-sync"],
            medians["off"] / medians["reference"], cpu_medians["off"] / cpu_medians["reference"]))
        # Compile times from `repeat` synchronous runs (one run is at the mercy of the machine).
        env = dict(os.environ, PYLANGLOG="jit-backend:-")
        for _ in range(options.repeat):
            _, run = timed([toy, "--jit", "compile_async=0", program], env)
            compile_ms += [(float(w), float(c)) for w, c in re.findall(r"compile ([0-9.]+) ms \(cpu ([0-9.]+) ms\)", run.stderr)]

    print("\n== sum loop: LLVM JIT machine code vs the same loop in C++ (-O2)")
    # The JIT's loop time per iteration is the difference of runs with N and 2N iterations, so
    # start-up, warm-up, tracing and compilation cancel out; C++ times its loop itself.
    n = options.sum_n
    per_run = {}
    for count in (n, 2 * n):
        with open(os.path.join(HERE, "programs", "sum_loop.stk")) as f:
            text = f.read().replace("push 30000000", "push %d" % count)
        with tempfile.NamedTemporaryFile("w", suffix=".stk", delete=False) as f:
            f.write(text)
            path = f.name
        times = []
        for _ in range(options.repeat):
            _, jit_run = timed([toy, "--jit", "compile_async=0", path])
            times.append(CPU_TIMES[-1])
        os.unlink(path)
        per_run[count] = times
        print("toy+LLVM N=%-11d cpu %s" % (count, summary(times)))
        native = []
        for _ in range(options.repeat):
            _, native_run = timed([native_exe, str(count)])
            native.append(CPU_TIMES[-1])
            if jit_run.stdout != native_run.stdout:
                sys.exit("sum loop: JIT printed %r, C++ %r" % (jit_run.stdout, native_run.stdout))
        per_run["native", count] = native
        print("C++ -O2  N=%-11d cpu %s" % (count, summary(native)))
    # Per iteration from the difference of the N and 2N runs (start-up and compilation cancel).
    jit_ns = (statistics.median(per_run[2 * n]) - statistics.median(per_run[n])) * 1e9 / n
    native_ns = (statistics.median(per_run["native", 2 * n]) - statistics.median(per_run["native", n])) * 1e9 / n
    print("JIT loop:  %.3f ns/iteration (cpu, N..2N difference of medians)" % jit_ns)
    print("C++ loop:  %.3f ns/iteration (cpu, N..2N difference of medians)" % native_ns)
    print("ratio JIT/C++: %.2f" % (jit_ns / native_ns))

    print("\n== fib: calls per ns in the steady state: LLVM JIT vs the interpreter vs C++ (-O2)")
    # fib(32) repeated 4 and 8 times: the difference is 4 * fib(32)'s calls, start-up, warm-up,
    # tracing and compilation cancel out. C++ times its calls itself.
    fib_native = os.path.join(options.build, "bench/jit/fib_native")
    with open(os.path.join(HERE, "programs", "fib.stk")) as f:
        fib_text = f.read()
    calls_per_fib = 2 * 3524578 - 1  # calls of fib(32): 2 * fib(33) - 1
    fib_runs = {}
    for repeat in (4, 8):
        text = fib_text.replace("  push 4\n", "  push %d\n" % repeat, 1)
        with tempfile.NamedTemporaryFile("w", suffix=".stk", delete=False) as f:
            f.write(text)
            path = f.name
        for mode, flags in (("off", ["--jit", "off"]), ("llvm", []), ("llvm-sync", ["--jit", "compile_async=0"])):
            cpus = []
            for _ in range(options.repeat if mode != "off" else max(1, options.repeat // 2)):
                timed([toy] + flags + [path])
                cpus.append(CPU_TIMES[-1])
            fib_runs[mode, repeat] = cpus
            print("fib(32) x%d %-10s cpu %s" % (repeat, mode, summary(cpus)))
        os.unlink(path)
    per_call = {}
    for mode in ("off", "llvm", "llvm-sync"):
        delta = statistics.median(fib_runs[mode, 8]) - statistics.median(fib_runs[mode, 4])
        per_call[mode] = delta * 1e9 / (4 * calls_per_fib)
        print("%-10s %.2f ns/call (cpu, x4..x8 difference of medians)" % (mode, per_call[mode]))
    native = []
    for _ in range(options.repeat):
        run = subprocess.run([fib_native, "32", "4"], capture_output=True, text=True, check=True)
        native.append(float(re.search(r"fib: ([0-9.]+) ns/call", run.stderr).group(1)))
    print("C++ -O2    %.2f ns/call (median of %d runs, timed in-process)" % (statistics.median(native), len(native)))
    print("steady-state speed-up llvm/off %.1fx, llvm-sync/off %.1fx; JIT/C++ %.2f" % (
        per_call["off"] / per_call["llvm"], per_call["off"] / per_call["llvm-sync"],
        per_call["llvm-sync"] / statistics.median(native)))

    print("\n== LLVM compile time per trace (default settings, synchronous, every trace of REPEAT runs of each program)")
    if compile_ms:
        for label, values in (("wall", [w for w, _ in compile_ms]), ("cpu", [c for _, c in compile_ms])):
            print("%s: traces %d: median %.3f ms, min %.3f, max %.3f" % (
                label, len(values), statistics.median(values), min(values), max(values)))


if __name__ == "__main__":
    main()
