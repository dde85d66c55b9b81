# The results database (SQLite, Python's sqlite3). Runs accumulate: every `speedcenter run`
# is one session row (commit, machine, suite) and every process it starts is one run row with
# its iterations, written and committed as soon as it finishes, so Ctrl-C or a crash keeps all
# that was measured. Failed, missing and crashed runs are rows too: nothing is dropped.
# Neighbours: runner.py writes, report.py reads.
import json
import os
import sqlite3
import time

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE IF NOT EXISTS machine (
    id INTEGER PRIMARY KEY,
    hostname TEXT NOT NULL,
    cpu_model TEXT NOT NULL,
    cores INTEGER NOT NULL,
    UNIQUE (hostname, cpu_model, cores)
);
-- One `speedcenter run` invocation.
CREATE TABLE IF NOT EXISTS session (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,          -- UTC, ISO 8601
    finished_at TEXT,
    status TEXT NOT NULL,              -- running | done | interrupted
    commit_hash TEXT,                  -- git rev-parse HEAD of the repository
    commit_time TEXT,
    dirty INTEGER,                     -- 1 if the work tree had uncommitted changes
    suite TEXT NOT NULL,
    profile TEXT NOT NULL,
    processes INTEGER NOT NULL,
    machine_id INTEGER REFERENCES machine(id),
    command_line TEXT
);
-- An executable compared in a session: a reference Python or a built pylang variant.
CREATE TABLE IF NOT EXISTS executable (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,                -- exe | variant
    command TEXT NOT NULL,             -- JSON list: the argv prefix before the program path
    options TEXT,                      -- translation options of a variant
    jit TEXT,                          -- on | off for variants
    version TEXT,
    status TEXT NOT NULL,              -- ok | missing | build-failed
    message TEXT
);
CREATE TABLE IF NOT EXISTS program (
    session_id INTEGER NOT NULL REFERENCES session(id),
    name TEXT NOT NULL,
    description TEXT,
    in_geomean INTEGER NOT NULL,
    PRIMARY KEY (session_id, name)
);
-- One process running one program.
CREATE TABLE IF NOT EXISTS run (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id),
    executable_id INTEGER NOT NULL REFERENCES executable(id),
    program TEXT NOT NULL,
    process_index INTEGER NOT NULL,
    status TEXT NOT NULL,              -- ok | failed | crashed | timeout | missing | build-failed
    message TEXT,
    workload TEXT,
    warmup INTEGER,
    maxrss_kb INTEGER,
    wall_seconds REAL,
    started_at TEXT
);
CREATE TABLE IF NOT EXISTS iteration (
    run_id INTEGER NOT NULL REFERENCES run(id),
    idx INTEGER NOT NULL,
    seconds REAL NOT NULL,
    is_warmup INTEGER NOT NULL,
    PRIMARY KEY (run_id, idx)
);
CREATE INDEX IF NOT EXISTS run_by_session ON run(session_id, program);
"""


def utc_now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def connect(path, create=True):
    if not create and not os.path.exists(path):
        raise FileNotFoundError("no results database at %s" % path)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        os.makedirs(directory)
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    connection.executescript(SCHEMA)
    connection.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                       (SCHEMA_VERSION,))
    connection.commit()
    return connection


def machine_id(connection, hostname, cpu_model, cores):
    connection.execute("INSERT OR IGNORE INTO machine(hostname, cpu_model, cores) VALUES (?,?,?)",
                       (hostname, cpu_model, cores))
    row = connection.execute(
        "SELECT id FROM machine WHERE hostname=? AND cpu_model=? AND cores=?",
        (hostname, cpu_model, cores)).fetchone()
    connection.commit()
    return row["id"]


def start_session(connection, machine, commit, suite, profile, processes, command_line):
    cursor = connection.execute(
        "INSERT INTO session(started_at, status, commit_hash, commit_time, dirty, suite, profile,"
        " processes, machine_id, command_line) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (utc_now(), "running", commit.get("hash"), commit.get("time"), commit.get("dirty"),
         suite, profile, processes, machine, command_line))
    connection.commit()
    return cursor.lastrowid


def finish_session(connection, session_id, status):
    connection.execute("UPDATE session SET status=?, finished_at=? WHERE id=?",
                       (status, utc_now(), session_id))
    connection.commit()


def add_program(connection, session_id, program):
    connection.execute(
        "INSERT OR REPLACE INTO program(session_id, name, description, in_geomean)"
        " VALUES (?,?,?,?)",
        (session_id, program.name, program.description, 1 if program.in_geomean else 0))
    connection.commit()


def add_executable(connection, session_id, exe):
    cursor = connection.execute(
        "INSERT INTO executable(session_id, name, kind, command, options, jit, version, status,"
        " message) VALUES (?,?,?,?,?,?,?,?,?)",
        (session_id, exe.name, exe.kind, json.dumps(exe.command), exe.options, exe.jit,
         exe.version, exe.status, exe.message))
    connection.commit()
    return cursor.lastrowid


def add_run(connection, session_id, executable_id, program, process_index, outcome):
    """Store one process's outcome (a dict, see runner.run_one) and its iterations."""
    cursor = connection.execute(
        "INSERT INTO run(session_id, executable_id, program, process_index, status, message,"
        " workload, warmup, maxrss_kb, wall_seconds, started_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (session_id, executable_id, program, process_index, outcome["status"],
         outcome.get("message", ""), json.dumps(outcome.get("workload")),
         outcome.get("warmup"), outcome.get("maxrss_kb"), outcome.get("wall_seconds"),
         outcome.get("started_at", utc_now())))
    run_id = cursor.lastrowid
    warmup = outcome.get("warmup") or 0
    rows = [(run_id, i, seconds, 1 if i < warmup else 0)
            for i, seconds in enumerate(outcome.get("times") or [])]
    connection.executemany("INSERT INTO iteration(run_id, idx, seconds, is_warmup)"
                           " VALUES (?,?,?,?)", rows)
    connection.commit()
    return run_id


def sessions(connection):
    return connection.execute(
        "SELECT s.*, m.hostname, m.cpu_model, m.cores FROM session s"
        " LEFT JOIN machine m ON m.id = s.machine_id ORDER BY s.id").fetchall()


def session_executables(connection, session_id):
    return connection.execute("SELECT * FROM executable WHERE session_id=? ORDER BY id",
                              (session_id,)).fetchall()


def session_programs(connection, session_id):
    return connection.execute("SELECT * FROM program WHERE session_id=? ORDER BY name",
                              (session_id,)).fetchall()


def session_runs(connection, session_id):
    """Runs of a session with their iteration times, as plain dicts."""
    runs = []
    for row in connection.execute("SELECT * FROM run WHERE session_id=? ORDER BY id",
                                  (session_id,)).fetchall():
        record = dict(row)
        record["times"] = [r["seconds"] for r in connection.execute(
            "SELECT seconds FROM iteration WHERE run_id=? ORDER BY idx", (row["id"],))]
        runs.append(record)
    return runs
