#!/usr/bin/env python3
# Tests of the speedcenter command and runner beyond the statistics: usage errors exit 2 with
# one line, a wrong answer is a failed and untimed run, missing executables and failed variant
# builds become results, and Ctrl-C keeps what was measured.
# Run: python3 -m unittest tests/bench/test_cli.py (ctest: bench.cli).
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(os.path.dirname(os.path.dirname(HERE)), "bench")
SPEEDCENTER = os.path.join(BENCH, "speedcenter")
PROGRAMS = os.path.join(BENCH, "programs")
sys.path.insert(0, BENCH)

from speedcenter_lib import programs, runner  # noqa: E402


def speedcenter(*args, **kwargs):
    return subprocess.run([sys.executable, SPEEDCENTER] + list(args), capture_output=True,
                          text=True, timeout=kwargs.get("timeout", 120))


class UsageErrors(unittest.TestCase):
    def assertUsageError(self, *args):
        result = speedcenter(*args)
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("speedcenter: error:"), lines[0])

    def test_bad_arguments(self):
        self.assertUsageError()
        self.assertUsageError("frobnicate")
        self.assertUsageError("run", "--suite", "huge")
        self.assertUsageError("run", "--processes", "0")
        self.assertUsageError("run", "--exe", "no-equals-sign")
        self.assertUsageError("run", "--variant", "no-colon")
        self.assertUsageError("run", "--programs", "no_such_program")
        self.assertUsageError("run", "--exe", "a=python3", "--exe", "a=pypy3")
        self.assertUsageError("report", "--db", "/nonexistent/dir/x.sqlite")
        self.assertUsageError("report", "--tolerance", "2")

    def test_help_works(self):
        result = speedcenter("--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn("run", result.stdout)


class Suite(unittest.TestCase):
    def test_every_program_has_meta_and_a_check(self):
        found = programs.discover()
        self.assertGreaterEqual(len(found), 16)
        names = [p.name for p in found]
        self.assertEqual(len(names), len(set(names)))
        for program in found:
            self.assertEqual(os.path.basename(program.path), program.name + ".py")
            with open(program.path) as source:
                text = source.read()
            self.assertIn("def check(", text, program.name)
            self.assertIn("harness.main(", text, program.name)
        self.assertIn("int_loop", [p.name for p in found if not p.in_geomean])


class HarnessJson(unittest.TestCase):
    def test_own_encoder_matches_the_json_module(self):
        sys.path.insert(0, PROGRAMS)
        import harness
        value = {"s": 'quote " back \\ tab \t nl \n bell \x07 é', "i": -12345678901234567890,
                 "f": [0.1, 1e-300, 2.5e20, -0.0], "n": None, "b": [True, False],
                 "nested": {"t": (1, 2)}}
        decoded = json.loads(harness.to_json(value))
        value["nested"]["t"] = [1, 2]
        self.assertEqual(decoded, value)
        self.assertIsNone(json.loads(harness.to_json(float("inf"))))


class WrongAnswers(unittest.TestCase):
    def test_harness_reports_a_failed_self_check_without_times(self):
        # fannkuch knows no reference for n=6, so its self-check must fail.
        result = subprocess.run([sys.executable, os.path.join(PROGRAMS, "fannkuch.py"),
                                 "--workload", "6", "--iterations", "1", "--warmup", "0"],
                                capture_output=True, text=True, timeout=60)
        record = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(result.returncode, 1)
        self.assertEqual(record["status"], "failed")
        self.assertIn("self-check", record["message"])
        self.assertEqual(record["times"], [])

    def test_runner_stores_failed_not_timed(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "wrong.py")
            with open(path, "w") as handle:
                handle.write("import sys\nsys.path.insert(0, %r)\nimport harness\n"
                             "META = {'name': 'wrong'}\n"
                             "def run(n): return n + 1\n"
                             "def check(n, r): harness.expect(r == n, 'off by one')\n"
                             "harness.main(META, {'quick': 1}, run, check)\n" % PROGRAMS)
            program = programs.Program("wrong", path, "", True)
            exe = runner.resolve(runner.Executable("py", "exe", [sys.executable]))
            outcome = runner.run_one(exe, program, "quick", 60)
            self.assertEqual(outcome["status"], "failed")
            self.assertIn("off by one", outcome["message"])
            self.assertEqual(outcome["times"], [])

    def test_missing_executable_and_failed_build(self):
        missing = runner.resolve(runner.parse_exe_spec("ghost=/nonexistent/bin/python"))
        self.assertEqual(missing.status, "missing")
        saved = runner.REPO_DIR
        with tempfile.TemporaryDirectory() as tmp:
            runner.REPO_DIR = tmp  # a repository without configs/translate
            try:
                built = runner.build_variant("v", "--opt=jit", ["on", "off"], 10, lambda m: None)
            finally:
                runner.REPO_DIR = saved
        self.assertEqual([e.name for e in built], ["v", "v-nojit"])
        for exe in built:
            self.assertEqual(exe.status, "build-failed")
            self.assertIn("translate", exe.message)


class Interrupt(unittest.TestCase):
    def test_ctrl_c_keeps_measured_runs(self):
        with tempfile.TemporaryDirectory() as tmp:
            database = os.path.join(tmp, "r.sqlite")
            child = subprocess.Popen(
                [sys.executable, SPEEDCENTER, "run", "--suite", "quick", "--db", database,
                 "--exe", "py=" + sys.executable, "--programs", "fib,nbody,richards,pystone",
                 "--processes", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True)
            deadline = time.time() + 60
            stored = 0
            while time.time() < deadline and stored < 2:
                time.sleep(0.3)
                if os.path.exists(database):
                    try:
                        with sqlite3.connect(database) as con:
                            stored = con.execute("SELECT count(*) FROM run").fetchone()[0]
                    except sqlite3.Error:
                        pass
            child.send_signal(signal.SIGINT)
            out, err = child.communicate(timeout=60)
            self.assertEqual(child.returncode, 130, err)
            with sqlite3.connect(database) as con:
                status = con.execute("SELECT status FROM session").fetchone()[0]
                runs = con.execute("SELECT count(*) FROM run WHERE status='ok'").fetchone()[0]
                iterations = con.execute("SELECT count(*) FROM iteration").fetchone()[0]
            self.assertEqual(status, "interrupted")
            self.assertGreaterEqual(runs, 2)
            self.assertLess(runs, 20)  # it did stop early
            self.assertGreaterEqual(iterations, 2 * 4)
            self.assertIn("geometric mean", out)


if __name__ == "__main__":
    unittest.main()
