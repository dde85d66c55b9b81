# Measurement harness shared by every speed-center program (bench/programs/*.py).
#
# A program defines META (read statically by bench/speedcenter), a workload per profile, a
# function doing one iteration of work and a self-check of that iteration's result, then calls
# harness.main(). The harness runs warm-up and measured iterations in this one process, times each
# with time.perf_counter, checks every result outside the timed region, and prints exactly one
# JSON record on stdout. A wrong answer makes the record's status "failed" and drops the times:
# a failed run is reported, never timed.
#
# It must run unchanged on CPython 3.11, PyPy3 (Python 3.9 language) and pylang, so it uses only
# sys, time and, when importable, resource; it writes its JSON itself (no json module needed).
import sys
import time

RECORD_FORMAT = "speedcenter-run/1"

# Iteration counts per profile: (warm-up iterations, measured iterations).
PROFILE_ITERATIONS = {
    "tiny": (0, 2),
    "quick": (1, 3),
    "full": (3, 10),
}


class CheckFailed(Exception):
    """Raised by a program's check function when a result is wrong."""


def expect(condition, message):
    """Self-check helper: fail the run with `message` unless `condition` holds."""
    if not condition:
        raise CheckFailed(message)


def expect_close(actual, expected, what, rel=1e-9):
    """Float self-check with a relative tolerance (libm may differ in the last bits)."""
    scale = max(abs(expected), 1e-300)
    if abs(actual - expected) > rel * scale:
        raise CheckFailed("%s: got %r, expected %r" % (what, actual, expected))


def _json_string(text):
    out = ['"']
    for ch in text:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def to_json(value):
    """JSON text of None, bools, ints, finite floats, strings, lists/tuples and str-keyed dicts."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "null"
        return repr(value)
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join([to_json(item) for item in value]) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join([_json_string(str(key)) + ": " + to_json(value[key])
                                for key in value]) + "}"
    return _json_string(str(value))


def peak_memory_kb():
    """Peak resident set size of this process in KiB, or None when the platform hides it."""
    try:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if peak > 0:
            # Linux reports KiB; macOS reports bytes.
            if sys.platform == "darwin":
                peak //= 1024
            return int(peak)
    except Exception:
        pass
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except Exception:
        pass
    return None


def _parse_args(argv):
    options = {"profile": "full", "warmup": None, "iterations": None, "workload": None}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--profile", "--warmup", "--iterations", "--workload") and i + 1 < len(argv):
            options[arg[2:]] = argv[i + 1]
            i += 2
            continue
        if arg in ("-h", "--help"):
            sys.stdout.write("usage: PROGRAM.py [--profile tiny|quick|full] [--warmup N] "
                             "[--iterations N] [--workload N]\n")
            sys.exit(0)
        sys.stderr.write("harness: unknown argument %r\n" % arg)
        sys.exit(2)
    if options["profile"] not in PROFILE_ITERATIONS:
        sys.stderr.write("harness: unknown profile %r\n" % options["profile"])
        sys.exit(2)
    for key in ("warmup", "iterations", "workload"):
        if options[key] is not None:
            try:
                options[key] = int(options[key])
            except ValueError:
                sys.stderr.write("harness: --%s needs an integer\n" % key)
                sys.exit(2)
    return options


def _implementation():
    impl = getattr(sys, "implementation", None)
    name = getattr(impl, "name", "unknown")
    return {"name": name, "version": sys.version.split("\n")[0]}


def main(meta, workloads, run, check):
    """Run one program under the harness.

    meta      -- the program's META dict (name, description, in_geomean ...)
    workloads -- {profile: workload parameter}; "tiny" falls back to "quick"
    run       -- run(workload) -> result: one iteration of work
    check     -- check(workload, result): raise CheckFailed (or fail harness.expect) if wrong
    """
    options = _parse_args(sys.argv[1:])
    profile = options["profile"]
    warmup, iterations = PROFILE_ITERATIONS[profile]
    if options["warmup"] is not None:
        warmup = options["warmup"]
    if options["iterations"] is not None:
        iterations = options["iterations"]
    workload = options["workload"]
    if workload is None:
        workload = workloads.get(profile, workloads["quick"])
    record = {
        "format": RECORD_FORMAT,
        "program": meta["name"],
        "profile": profile,
        "workload": workload,
        "warmup": warmup,
        "implementation": _implementation(),
        "status": "ok",
        "message": "",
        "times": [],
        "maxrss_kb": None,
    }
    timer = getattr(time, "perf_counter", time.time)
    times = []
    try:
        for _ in range(warmup + iterations):
            start = timer()
            result = run(workload)
            elapsed = timer() - start
            check(workload, result)
            times.append(elapsed)
    except CheckFailed as failure:
        record["status"] = "failed"
        record["message"] = "self-check failed: %s" % failure
    except Exception as error:
        record["status"] = "failed"
        record["message"] = "%s: %s" % (type(error).__name__, error)
    if record["status"] == "ok":
        record["times"] = times
    record["maxrss_kb"] = peak_memory_kb()
    sys.stdout.write(to_json(record) + "\n")
    sys.stdout.flush()
    sys.exit(0 if record["status"] == "ok" else 1)
