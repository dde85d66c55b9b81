#!/usr/bin/env python3
# ctest driver: runs one speed-center program under one interpreter with a profile and passes
# only if the harness's JSON record says its self-check succeeded. An interpreter that is not
# installed exits with SKIP_CODE (ctest reports the test as skipped, never as passed).
import argparse
import json
import shutil
import subprocess
import sys

SKIP_CODE = 77


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interp", required=True, help="interpreter command, e.g. pypy3")
    parser.add_argument("--program", required=True, help="path of bench/programs/NAME.py")
    parser.add_argument("--profile", default="quick")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    exe = shutil.which(args.interp)
    if exe is None:
        print("SKIP: interpreter %r is not installed" % args.interp)
        return SKIP_CODE
    try:
        proc = subprocess.run([exe, args.program, "--profile", args.profile],
                              capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print("FAIL: %s timed out after %ss" % (args.program, args.timeout))
        return 1
    sys.stderr.write(proc.stderr)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if not lines:
        print("FAIL: no JSON record (exit %d); stdout was:\n%s" % (proc.returncode, proc.stdout))
        return 1
    record = json.loads(lines[-1])
    times = record.get("times") or []
    print("%s on %s: status=%s exit=%d times=%s maxrss_kb=%s %s" % (
        record.get("program"), args.interp, record.get("status"), proc.returncode,
        ["%.4f" % t for t in times], record.get("maxrss_kb"), record.get("message", "")))
    if record.get("status") != "ok" or proc.returncode != 0 or not times:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
