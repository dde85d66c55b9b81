# Command line of bench/speedcenter: `run` measures and stores, `report` renders the terminal
# table and the HTML page, `list` shows the suite. Usage errors print one line and exit 2.
# Neighbours: runner.py, report.py, analysis.py, db.py.
import argparse
import os
import shlex
import sys
import time

from . import analysis
from . import db
from . import programs as suite_programs
from . import report
from . import runner
from . import stats

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DB = os.path.join(BENCH_DIR, "results", "speedcenter.sqlite")
DEFAULT_HTML = os.path.join(BENCH_DIR, "report", "out", "index.html")
DEFAULT_EXES = ["cpython=python3", "pypy=pypy3"]

# Suites: the harness profile (workload size and iteration counts, see harness.py) and how
# many fresh processes each executable gets per program.
SUITES = {
    "tiny": {"profile": "tiny", "processes": 1, "timeout": 120,
             "doc": "smallest workloads, 2 iterations, 1 process (smoke test)"},
    "quick": {"profile": "quick", "processes": 2, "timeout": 300,
              "doc": "small workloads, 1+3 iterations, 2 processes"},
    "full": {"profile": "full", "processes": 3, "timeout": 1200,
             "doc": "default workloads (~0.3-3 s per iteration on CPython), 3+10 iterations,"
                    " 3 processes"},
}


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("speedcenter: error: %s (try --help)\n" % message)
        sys.exit(2)


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not an integer" % text)
    if value < 1:
        raise argparse.ArgumentTypeError("%r must be at least 1" % text)
    return value


def non_negative_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not an integer" % text)
    if value < 0:
        raise argparse.ArgumentTypeError("%r must not be negative" % text)
    return value


def fraction(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a number" % text)
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError("%r must be between 0 and 1" % text)
    return value


def build_parser():
    parser = Parser(prog="speedcenter", description=(
        "Benchmark suite runner, results database and report: compares CPython, PyPy and "
        "pylang variants (see bench/README.md)."))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True

    run = commands.add_parser("run", help="run the suite and store results",
                              description="Run every program under every executable in "
                              "several fresh processes; results go to the database as they "
                              "arrive (Ctrl-C keeps them).")
    run.add_argument("--suite", choices=sorted(SUITES), default="quick",
                     help="; ".join("%s: %s" % (k, v["doc"]) for k, v in sorted(SUITES.items())))
    run.add_argument("--exe", action="append", default=[], metavar="NAME=COMMAND",
                     help="an executable to compare, e.g. cpython=python3 (repeatable; default "
                          "cpython=python3 and pypy=pypy3 when neither --exe nor --variant)")
    run.add_argument("--variant", action="append", default=[], metavar="NAME:OPTIONS",
                     help="a pylang variant built with `configs/translate OPTIONS -o "
                          "variants/NAME`, e.g. "
                          "'jit:--opt=jit --objspace-std-withsmalllong' (repeatable)")
    run.add_argument("--jit", choices=["on", "off", "both"], default="both",
                     help="run variants with the JIT on (NAME), off (NAME-nojit, passes "
                          "--jit off) or both (default)")
    run.add_argument("--programs", default="", metavar="A,B,...",
                     help="only these programs (default: all)")
    run.add_argument("--processes", type=positive_int, help="fresh processes per program and "
                     "executable (default from the suite)")
    run.add_argument("--iterations", type=positive_int, help="override measured iterations")
    run.add_argument("--warmup", type=non_negative_int, help="override warm-up iterations")
    run.add_argument("--timeout", type=positive_int, help="seconds before a process is killed")
    run.add_argument("--build-timeout", type=positive_int, default=3600,
                     help="seconds allowed for building one variant (default 3600)")
    run.add_argument("--db", default=DEFAULT_DB, help="results database (default %(default)s)")
    run.add_argument("--baseline", default="cpython", help="executable ratios refer to")
    run.add_argument("--quiet", action="store_true", help="no per-process progress lines")

    rep = commands.add_parser("report", help="print the comparison table and write the HTML page",
                              description="Render a session (default: the latest with "
                              "results) as a terminal table and a self-contained HTML page.")
    rep.add_argument("--db", default=DEFAULT_DB, help="results database (default %(default)s)")
    rep.add_argument("-o", "--output", default=DEFAULT_HTML,
                     help="HTML page to write (default %(default)s)")
    rep.add_argument("--session", type=positive_int, help="session id (default: latest)")
    rep.add_argument("--baseline", default="cpython",
                     help="executable ratios refer to (default %(default)s)")
    rep.add_argument("--tolerance", type=fraction, default=stats.DEFAULT_TOLERANCE,
                     help="steady-state band as a fraction (default %(default)s)")
    rep.add_argument("--no-html", action="store_true", help="only print the table")

    lst = commands.add_parser("list", help="list the programs of the suite")
    lst.set_defaults()
    return parser


def log(message):
    sys.stderr.write("speedcenter: %s\n" % message)
    sys.stderr.flush()


def command_run(args):
    try:
        exes = [runner.parse_exe_spec(spec) for spec in args.exe]
        variants = [runner.parse_variant_spec(spec) for spec in args.variant]
        names = [n.strip() for n in args.programs.split(",") if n.strip()]
        chosen = suite_programs.select(suite_programs.discover(), names)
    except ValueError as error:
        raise UsageError(str(error))
    if not exes and not variants:
        exes = [runner.parse_exe_spec(spec) for spec in DEFAULT_EXES]
    seen = set()
    for name in [e.name for e in exes] + [v[0] for v in variants]:
        if name in seen:
            raise UsageError("executable name %r given twice" % name)
        seen.add(name)
    suite = SUITES[args.suite]
    processes = args.processes or suite["processes"]
    timeout = args.timeout or suite["timeout"]
    connection = db.connect(args.db)
    host, cpu, cores = runner.machine_facts()
    session_id = db.start_session(
        connection, db.machine_id(connection, host, cpu, cores), runner.commit_facts(),
        args.suite, suite["profile"], processes,
        " ".join(shlex.quote(a) for a in sys.argv))
    log("session %d -> %s" % (session_id, args.db))
    for program in chosen:
        db.add_program(connection, session_id, program)
    modes = {"on": ["on"], "off": ["off"], "both": ["on", "off"]}[args.jit]
    executables = [runner.resolve(exe) for exe in exes]
    status = "done"
    started = time.time()
    try:
        for name, options in variants:
            executables.extend(runner.build_variant(name, options, modes, args.build_timeout, log))
        runner.run_suite(connection, session_id, executables, chosen, suite["profile"],
                         processes, timeout, (lambda m: None) if args.quiet else log,
                         args.iterations, args.warmup)
    except KeyboardInterrupt:
        status = "interrupted"
        log("interrupted: keeping what was measured in session %d" % session_id)
    db.finish_session(connection, session_id, status)
    log("session %d %s after %.0f s" % (session_id, status, time.time() - started))
    result = analysis.analyze_session(connection, session_id, args.baseline)
    sys.stdout.write(report.terminal_table(result))
    return 130 if status == "interrupted" else 0


def command_report(args):
    if not os.path.exists(args.db):
        raise UsageError("no results database at %s (run `speedcenter run` first)" % args.db)
    connection = db.connect(args.db)
    session_id = args.session or analysis.latest_session_id(connection)
    if session_id is None:
        raise UsageError("the database %s holds no sessions" % args.db)
    try:
        result = analysis.analyze_session(connection, session_id, args.baseline, args.tolerance)
    except ValueError as error:
        raise UsageError(str(error))
    sys.stdout.write(report.terminal_table(result))
    if not args.no_html:
        points = analysis.history(connection, result["session"], args.baseline, args.tolerance)
        try:
            page = report.render_html(result, points)
        except report.ReportError as error:
            log(str(error))
            return 1
        report.write_html(args.output, page)
        log("wrote %s" % args.output)
    return 0


def command_list(args):
    for program in suite_programs.discover():
        sys.stdout.write("%-16s %s%s\n" % (program.name, program.description,
                                          "" if program.in_geomean else " [not in geomean]"))
    return 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    handlers = {"run": command_run, "report": command_report, "list": command_list}
    try:
        return handlers[args.command](args)
    except UsageError as error:
        sys.stderr.write("speedcenter: error: %s\n" % error)
        return 2
