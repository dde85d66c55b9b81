# The runner: resolves the executables to compare (reference Pythons given as NAME=COMMAND and
# pylang variants built by configs/translate), then runs every program in several fresh
# processes per executable and stores each process's outcome in the database the moment it
# ends. A missing executable, a failed build, a failed self-check, a crash or a timeout becomes a
# result row with its status and message; the runner itself never stops on them.
# Neighbours: programs.py (what to run), db.py (where results go), cli.py (arguments).
import json
import os
import platform
import re
import shlex
import shutil
import socket
import subprocess
import time

from . import db

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(BENCH_DIR)
RECORD_FORMAT = "speedcenter-run/1"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.+-]+$")


class SpecError(ValueError):
    """A malformed --exe or --variant argument (reported as a usage error)."""


class Executable(object):
    def __init__(self, name, kind, command, options=None, jit=None):
        self.name = name
        self.kind = kind          # "exe" or "variant"
        self.command = command    # argv prefix placed before the program path
        self.options = options    # translation options (variants only)
        self.jit = jit            # "on" / "off" (variants only)
        self.version = None
        self.status = "ok"
        self.message = ""
        self.id = None

    def usable(self):
        return self.status == "ok"


def parse_exe_spec(spec):
    """NAME=COMMAND, e.g. cpython=python3 or pypy="pypy3 -X faulthandler"."""
    if "=" not in spec:
        raise SpecError("--exe wants NAME=COMMAND, got %r" % spec)
    name, command = spec.split("=", 1)
    if not NAME_PATTERN.match(name):
        raise SpecError("bad executable name %r (letters, digits, _ . + - only)" % name)
    argv = shlex.split(command)
    if not argv:
        raise SpecError("--exe %s= has an empty command" % name)
    return Executable(name, "exe", argv)


def parse_variant_spec(spec):
    """NAME:OPTIONS, e.g. jitsmall:--opt=jit --objspace-std-withsmalllong."""
    if ":" not in spec:
        raise SpecError("--variant wants NAME:OPTIONS, got %r" % spec)
    name, options = spec.split(":", 1)
    if not NAME_PATTERN.match(name):
        raise SpecError("bad variant name %r (letters, digits, _ . + - only)" % name)
    try:
        shlex.split(options)
    except ValueError as error:
        raise SpecError("cannot split options of variant %s: %s" % (name, error))
    return name, options


def resolve(exe):
    """Mark `exe` missing unless its command can be executed; record its version."""
    program = exe.command[0]
    found = shutil.which(program)
    if found is None:
        exe.status = "missing"
        exe.message = "executable %r not found" % program
        return exe
    try:
        probe = subprocess.run(exe.command + ["--version"], capture_output=True, text=True,
                               timeout=60)
        text = (probe.stdout + probe.stderr).strip().replace("\n", " ")
        exe.version = text[:200]
    except (OSError, subprocess.SubprocessError) as error:
        exe.version = "unknown (%s)" % error
    return exe


def build_variant(name, options, jit_modes, timeout, log):
    """Build a pylang variant with `configs/translate OPTIONS -o variants/NAME`.

    Returns one Executable per JIT mode. translate prints the built binary's path on its last
    stdout line. When the driver is absent or fails, the executables come back with status
    "build-failed" and the reason.
    """
    made = []
    for mode in jit_modes:
        made.append(Executable(name if mode == "on" else name + "-nojit", "variant", [],
                               options, mode))
    translate = os.path.join(REPO_DIR, "configs", "translate")
    problem = None
    binary = None
    if not os.path.exists(translate):
        problem = "configs/translate does not exist"
    else:
        # -o takes a path whose basename is the variant's name; variants/ is gitignored, so
        # built binaries never land in the repository root.
        argv = [translate] + shlex.split(options) + ["-o", os.path.join("variants", name)]
        log("building variant %s: %s" % (name, " ".join(shlex.quote(a) for a in argv)))
        try:
            built = subprocess.run(argv, cwd=REPO_DIR, capture_output=True, text=True,
                                   timeout=timeout)
            lines = [l.strip() for l in built.stdout.splitlines() if l.strip()]
            if built.returncode != 0:
                tail = (built.stderr.strip().splitlines() or ["(no stderr)"])[-1]
                problem = "translate exited with %d: %s" % (built.returncode, tail)
            elif not lines:
                problem = "translate printed no binary path"
            else:
                binary = lines[-1]
                if not os.path.isabs(binary):
                    binary = os.path.join(REPO_DIR, binary)
                if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
                    problem = "translate's last line %r is not an executable file" % lines[-1]
        except subprocess.TimeoutExpired:
            problem = "translate timed out after %ss" % timeout
        except OSError as error:
            problem = "cannot start translate: %s" % error
    for exe in made:
        if problem is not None:
            exe.command = [translate]
            exe.status = "build-failed"
            exe.message = problem
        else:
            exe.command = [binary] + (["--jit", "off"] if exe.jit == "off" else [])
            resolve(exe)
    if problem is not None:
        log("variant %s: build failed: %s" % (name, problem))
    return made


def machine_facts():
    cpu = None
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return socket.gethostname(), cpu or platform.processor() or "unknown", os.cpu_count() or 0


def commit_facts(repo=REPO_DIR):
    def git(*args):
        try:
            out = subprocess.run(["git", "-C", repo] + list(args), capture_output=True,
                                 text=True, timeout=60)
            return out.stdout.strip() if out.returncode == 0 else None
        except (OSError, subprocess.SubprocessError):
            return None
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"hash": git("rev-parse", "HEAD"), "time": git("log", "-1", "--format=%cI"),
            "dirty": None if status is None else (1 if status else 0)}


def parse_record(stdout):
    """The harness's JSON record: the last stdout line that parses as one."""
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("format") == RECORD_FORMAT:
                return record
    return None


def run_one(exe, program, profile, timeout, iterations=None, warmup=None):
    """Run `program` once under `exe` in a fresh process; an outcome dict for db.add_run."""
    argv = exe.command + [program.path, "--profile", profile]
    if iterations is not None:
        argv += ["--iterations", str(iterations)]
    if warmup is not None:
        argv += ["--warmup", str(warmup)]
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"  # identical set/dict orders on every run
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    outcome = {"started_at": db.utc_now(), "status": "crashed", "message": "", "times": []}
    start = time.perf_counter()
    try:
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 cwd=os.path.dirname(program.path), env=env)
    except OSError as error:
        outcome["message"] = "cannot start %s: %s" % (exe.command[0], error)
        return outcome
    try:
        stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        outcome["status"] = "timeout"
        outcome["message"] = "killed after %ss" % timeout
        outcome["wall_seconds"] = time.perf_counter() - start
        return outcome
    except KeyboardInterrupt:
        child.kill()
        child.communicate()
        raise
    outcome["wall_seconds"] = time.perf_counter() - start
    record = parse_record(stdout)
    if record is None:
        tail = (stderr.strip().splitlines() or ["(no output)"])[-1]
        outcome["message"] = "exit %d without a result record: %s" % (child.returncode, tail)
        return outcome
    outcome["status"] = record.get("status", "crashed")
    outcome["message"] = record.get("message", "")
    outcome["workload"] = record.get("workload")
    outcome["warmup"] = record.get("warmup")
    outcome["maxrss_kb"] = record.get("maxrss_kb")
    outcome["times"] = record.get("times") or []
    if outcome["status"] == "ok" and (child.returncode != 0 or not outcome["times"]):
        outcome["status"] = "crashed"
        outcome["message"] = "exit %d after reporting success" % child.returncode
    if outcome["status"] != "ok":
        outcome["times"] = []  # a wrong answer is never timed
    return outcome


def rotated(items, shift):
    if not items:
        return items
    shift %= len(items)
    return items[shift:] + items[:shift]


def run_suite(connection, session_id, executables, programs, profile, processes, timeout,
              log, iterations=None, warmup=None):
    """Run every program under every usable executable `processes` times.

    DESIGN(run-order): the outer loop is the process round, then the program, then the
    executables back to back, rotating which executable goes first each round. So executables
    measure the same program within seconds of each other and each takes every slot in turn,
    which spreads slow machine drift (thermal state, other users) over all of them instead of
    biasing whichever ran last. Rows are committed per process: Ctrl-C loses at most the
    process that was running.
    """
    for exe in executables:
        exe.id = db.add_executable(connection, session_id, exe)
        if not exe.usable():
            for program in programs:
                db.add_run(connection, session_id, exe.id, program.name, 0,
                           {"status": exe.status, "message": exe.message, "times": []})
            log("%s: %s (%s)" % (exe.name, exe.status, exe.message))
    usable = [exe for exe in executables if exe.usable()]
    total = processes * len(programs) * len(usable)
    done = 0
    for round_index in range(processes):
        order = rotated(usable, round_index)
        for program in programs:
            for exe in order:
                outcome = run_one(exe, program, profile, timeout, iterations, warmup)
                db.add_run(connection, session_id, exe.id, program.name, round_index, outcome)
                done += 1
                times = outcome["times"][outcome.get("warmup") or 0:] or outcome["times"]
                summary = ("median %.4fs" % sorted(times)[len(times) // 2]) if times else (
                    outcome["message"][:100])
                log("[%d/%d] %s on %s (process %d/%d): %s, %s" % (
                    done, total, program.name, exe.name, round_index + 1, processes,
                    outcome["status"], summary))
    return done
