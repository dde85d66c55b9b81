# Turns a session's stored runs into the numbers the report shows: per program and executable
# the median of measured iterations with its spread, the ratio to the baseline executable,
# warm-up facts (first iteration, steady-state start per process), peak memory and status; per
# executable the geometric mean of ratios over the programs marked in_geomean. Also the history
# of those geometric means across sessions (commits). Shared by the terminal table and the page.
# Neighbours: db.py (source), stats.py (the maths), report.py (rendering).
from . import db
from . import stats

# Worse statuses win when a program's processes disagree; "ok" only if every process was ok.
STATUS_RANK = ["ok", "timeout", "crashed", "failed", "build-failed", "missing"]


def worst_status(statuses):
    worst = "ok"
    for status in statuses:
        rank = STATUS_RANK.index(status) if status in STATUS_RANK else len(STATUS_RANK)
        if rank > (STATUS_RANK.index(worst) if worst in STATUS_RANK else len(STATUS_RANK)):
            worst = status
    return worst


def analyze_cell(runs, tolerance):
    """Summary of one program under one executable from its runs (dicts from db)."""
    ok_runs = [r for r in runs if r["status"] == "ok" and r["times"]]
    bad = [r for r in runs if r["status"] != "ok"]
    cell = {
        "status": worst_status([r["status"] for r in runs]) if runs else "not-run",
        "message": bad[0]["message"] if bad else "",
        "processes": len(runs),
        "ok_processes": len(ok_runs),
        "summary": None,
        "process_medians": [],
        "warmup": None,
        "series": [r["times"] for r in ok_runs],
        "maxrss_kb": None,
        "warmup_iterations": ok_runs[0]["warmup"] if ok_runs else None,
        "workload": ok_runs[0]["workload"] if ok_runs else None,
    }
    if not ok_runs:
        return cell
    measured = []
    for run in ok_runs:
        skip = run["warmup"] or 0
        part = run["times"][skip:] or run["times"]
        measured.extend(part)
        cell["process_medians"].append(stats.median(part))
    cell["summary"] = stats.summarize(measured)
    cell["warmup"] = stats.warmup_summary([r["times"] for r in ok_runs],
                                          [r["warmup"] or 0 for r in ok_runs], tolerance)
    memories = [r["maxrss_kb"] for r in ok_runs if r["maxrss_kb"] is not None]
    cell["maxrss_kb"] = max(memories) if memories else None
    return cell


def analyze_session(connection, session_id, baseline_name="cpython",
                    tolerance=stats.DEFAULT_TOLERANCE):
    session = None
    for row in db.sessions(connection):
        if row["id"] == session_id:
            session = dict(row)
    if session is None:
        raise ValueError("no session %d in the database" % session_id)
    executables = [dict(e) for e in db.session_executables(connection, session_id)]
    programs = [dict(p) for p in db.session_programs(connection, session_id)]
    runs = db.session_runs(connection, session_id)
    by_key = {}
    for run in runs:
        by_key.setdefault((run["program"], run["executable_id"]), []).append(run)
    names = [e["name"] for e in executables]
    baseline = baseline_name if baseline_name in names else (names[0] if names else None)
    cells = {}
    for program in programs:
        for exe in executables:
            cells[(program["name"], exe["name"])] = analyze_cell(
                by_key.get((program["name"], exe["id"]), []), tolerance)
    # Ratios to the baseline and the geometric mean per executable.
    geomeans = {}
    for exe in executables:
        ratios = []
        excluded = []
        for program in programs:
            cell = cells[(program["name"], exe["name"])]
            base = cells.get((program["name"], baseline))
            cell["ratio"] = None
            if (base and cell["status"] == "ok" and base["status"] == "ok"
                    and cell["summary"] and base["summary"] and base["summary"]["median"] > 0):
                cell["ratio"] = cell["summary"]["median"] / base["summary"]["median"]
                if program["in_geomean"]:
                    ratios.append(cell["ratio"])
                else:
                    excluded.append(program["name"])
        geomeans[exe["name"]] = {"value": stats.geometric_mean(ratios), "count": len(ratios),
                                 "excluded": excluded}
    return {"session": session, "executables": executables, "programs": programs,
            "baseline": baseline, "cells": cells, "geomeans": geomeans,
            "tolerance": tolerance}


def latest_session_id(connection):
    """The newest session that has at least one successful run, else the newest at all."""
    row = connection.execute(
        "SELECT session_id FROM run WHERE status='ok' ORDER BY session_id DESC LIMIT 1").fetchone()
    if row is not None:
        return row["session_id"]
    row = connection.execute("SELECT id FROM session ORDER BY id DESC LIMIT 1").fetchone()
    return row["id"] if row is not None else None


def history(connection, current, baseline_name, tolerance):
    """Per session with the current one's profile and machine: commit, geomeans, medians."""
    points = []
    for row in db.sessions(connection):
        if row["profile"] != current["profile"] or row["machine_id"] != current["machine_id"]:
            continue
        if row["id"] > current["id"]:
            continue
        analysis = analyze_session(connection, row["id"], baseline_name, tolerance)
        if not any(c["status"] == "ok" for c in analysis["cells"].values()):
            continue
        medians = {}
        for (program, exe), cell in analysis["cells"].items():
            if cell["summary"]:
                medians.setdefault(exe, {})[program] = cell["summary"]["median"]
        points.append({
            "session": row["id"],
            "commit": (row["commit_hash"] or "unknown")[:10],
            "dirty": row["dirty"],
            "started_at": row["started_at"],
            "baseline": analysis["baseline"],
            "geomeans": dict((name, g["value"]) for name, g in analysis["geomeans"].items()),
            "medians": medians,
        })
    return points
