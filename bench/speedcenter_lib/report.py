# Rendering: the comparison table for the terminal and the static, self-contained HTML page.
# The page inlines Chart.js from bench/report/node_modules (installed from the committed
# package-lock.json) and the session's data as JSON, so it opens from file:// with no network.
# The page's script marks every chart it drew after checking its canvas for coloured pixels
# (tests/bench/e2e_report.py reads those marks through headless Chromium).
# Neighbours: analysis.py (numbers), bench/report/page.html (template), cli.py.
import html
import json
import os

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT_DIR = os.path.join(BENCH_DIR, "report")
TEMPLATE = os.path.join(REPORT_DIR, "page.html")
CHART_JS = os.path.join(REPORT_DIR, "node_modules", "chart.js", "dist", "chart.umd.min.js")


class ReportError(Exception):
    pass


def format_seconds(value):
    if value is None:
        return "-"
    if value >= 1.0:
        return "%.3fs" % value
    if value >= 0.001:
        return "%.2fms" % (value * 1e3)
    return "%.1fus" % (value * 1e6)


def spread_percent(summary):
    if not summary or summary["median"] <= 0:
        return None
    return 100.0 * summary["iqr"] / summary["median"]


def cell_text(cell):
    """'12.30ms ±1.2%' (median and IQR as % of it) or the failure status in capitals."""
    if cell["summary"] is None:
        return cell["status"].upper()
    text = "%s ±%.1f%%" % (format_seconds(cell["summary"]["median"]),
                           spread_percent(cell["summary"]) or 0.0)
    if cell["status"] != "ok":
        text += " " + cell["status"].upper()
    return text


def describe_session(result):
    s = result["session"]
    return ("session %d: suite %s (profile %s, %d processes), commit %s%s, %s, machine %s "
            "(%s, %d cores), status %s" % (
                s["id"], s["suite"], s["profile"], s["processes"], (s["commit_hash"] or "?")[:10],
                " (dirty)" if s["dirty"] else "", s["started_at"], s["hostname"],
                s["cpu_model"], s["cores"] or 0, s["status"]))


def terminal_table(result):
    """The comparison table as text: time per executable, ratios vs the baseline, geomean."""
    exes = [e["name"] for e in result["executables"]]
    baseline = result["baseline"]
    others = [name for name in exes if name != baseline]
    header = ["program"] + exes + ["%s/%s" % (name, baseline) for name in others]
    rows = []
    for program in result["programs"]:
        name = program["name"] + ("" if program["in_geomean"] else " (*)")
        row = [name]
        for exe in exes:
            row.append(cell_text(result["cells"][(program["name"], exe)]))
        for exe in others:
            ratio = result["cells"][(program["name"], exe)]["ratio"]
            row.append("-" if ratio is None else "%.3f" % ratio)
        rows.append(row)
    geo_row = ["geometric mean"] + [""] * len(exes)
    for exe in others:
        g = result["geomeans"][exe]
        geo_row.append("-" if g["value"] is None else "%.3f (n=%d)" % (g["value"], g["count"]))
    rows.append(geo_row)
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = [describe_session(result),
             "times: median of measured iterations over all processes, ±IQR as %% of the median;"
             " ratio = time / %s time (below 1 is faster)" % baseline,
             ""]
    for index, row in enumerate([header] + rows):
        if index == len(rows):
            lines.append("  ".join("-" * w for w in widths))
        lines.append("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    excluded = sorted(set(p["name"] for p in result["programs"] if not p["in_geomean"]))
    if excluded:
        lines.append("(*) not in the geometric mean (a JIT can delete its work): "
                     + ", ".join(excluded))
    lines.append("")
    lines.append("warm-up and memory: first iteration / steady from iteration k in each process"
                 " ('none' = no steady state) / peak RSS")
    for program in result["programs"]:
        parts = []
        for exe in exes:
            cell = result["cells"][(program["name"], exe)]
            if cell["warmup"] is None:
                parts.append("%s: %s" % (exe, cell["status"]))
                continue
            starts = ",".join("none" if s is None else str(s)
                              for s in cell["warmup"]["steady_starts"])
            memory = "-" if cell["maxrss_kb"] is None else "%.0fMiB" % (cell["maxrss_kb"] / 1024.0)
            parts.append("%s: %s / k=%s / %s" % (exe, format_seconds(
                cell["warmup"]["first_iteration"]), starts, memory))
        lines.append("  %-16s %s" % (program["name"], "   ".join(parts)))
    problems = []
    for program in result["programs"]:
        for exe in exes:
            cell = result["cells"][(program["name"], exe)]
            if cell["status"] != "ok":
                problems.append("  %s on %s: %s %s" % (program["name"], exe, cell["status"],
                                                     cell["message"]))
    if problems:
        lines.append("")
        lines.append("problems (%d):" % len(problems))
        lines.extend(problems)
    return "\n".join(lines) + "\n"


def page_data(result, history_points):
    """The JSON the page's script draws from."""
    exes = [e["name"] for e in result["executables"]]
    programs = []
    for program in result["programs"]:
        entry = {"name": program["name"], "in_geomean": bool(program["in_geomean"]), "cells": {}}
        for exe in exes:
            cell = result["cells"][(program["name"], exe)]
            entry["cells"][exe] = {
                "status": cell["status"],
                "median": cell["summary"]["median"] if cell["summary"] else None,
                "ratio": cell["ratio"],
                "series": cell["series"],
                "steady": cell["warmup"]["steady_starts"] if cell["warmup"] else [],
                "maxrss_kb": cell["maxrss_kb"],
            }
        programs.append(entry)
    return {
        "baseline": result["baseline"],
        "executables": exes,
        "programs": programs,
        "geomeans": dict((k, v["value"]) for k, v in result["geomeans"].items()),
        "history": history_points,
    }


def esc(value):
    return html.escape("" if value is None else str(value))


def comparison_table_html(result):
    exes = [e["name"] for e in result["executables"]]
    baseline = result["baseline"]
    out = ["<table class='data'><thead><tr><th>program</th>"]
    for exe in exes:
        out.append("<th>%s median</th><th>IQR</th><th>min&ndash;max</th><th>n</th>" % esc(exe))
        if exe != baseline:
            out.append("<th>%s / %s</th>" % (esc(exe), esc(baseline)))
    out.append("</tr></thead><tbody>")
    for program in result["programs"]:
        mark = "" if program["in_geomean"] else " <span class='excluded'>(not in mean)</span>"
        out.append("<tr><td title='%s'>%s%s</td>" % (esc(program["description"]),
                                                   esc(program["name"]), mark))
        for exe in exes:
            cell = result["cells"][(program["name"], exe)]
            s = cell["summary"]
            if s is None:
                out.append("<td colspan='4' class='bad' title='%s'>%s</td>"
                           % (esc(cell["message"]), esc(cell["status"].upper())))
            else:
                flag = "" if cell["status"] == "ok" else (
                    " <span class='bad' title='%s'>%s</span>" % (esc(cell["message"]),
                                                                esc(cell["status"].upper())))
                out.append("<td>%s%s</td><td>%.1f%%</td><td>%s&ndash;%s</td><td>%d</td>" % (
                    format_seconds(s["median"]), flag, spread_percent(s) or 0.0,
                    format_seconds(s["min"]), format_seconds(s["max"]), s["n"]))
            if exe != baseline:
                ratio = cell["ratio"]
                out.append("<td>%s</td>" % ("-" if ratio is None else "%.3f" % ratio))
        out.append("</tr>")
    out.append("<tr class='geo'><td>geometric mean</td>")
    for exe in exes:
        out.append("<td colspan='4'></td>")
        if exe != baseline:
            g = result["geomeans"][exe]
            out.append("<td>%s</td>" % ("-" if g["value"] is None else
                                         "%.3f (n=%d)" % (g["value"], g["count"])))
    out.append("</tr></tbody></table>")
    return "".join(out)


def warmup_table_html(result):
    exes = [e["name"] for e in result["executables"]]
    out = ["<table class='data'><thead><tr><th>program</th>"]
    for exe in exes:
        out.append("<th>%s first iteration</th><th>steady from (per process)</th>"
                   "<th>peak RSS</th>" % esc(exe))
    out.append("</tr></thead><tbody>")
    for program in result["programs"]:
        out.append("<tr><td>%s</td>" % esc(program["name"]))
        for exe in exes:
            cell = result["cells"][(program["name"], exe)]
            w = cell["warmup"]
            if w is None:
                out.append("<td colspan='3' class='bad'>%s</td>" % esc(cell["status"].upper()))
                continue
            starts = ", ".join("<span class='bad'>none</span>" if s is None else str(s)
                               for s in w["steady_starts"])
            if w["warmup_too_short"]:
                starts += " <span class='warn' title='steady state began after the harness "\
                          "warm-up: measured iterations include warm-up'>late</span>"
            memory = "-" if cell["maxrss_kb"] is None else "%.1f MiB" % (cell["maxrss_kb"] / 1024.0)
            out.append("<td>%s</td><td>%s</td><td>%s</td>" % (
                format_seconds(w["first_iteration"]), starts, memory))
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def executables_html(result):
    out = ["<table class='data'><thead><tr><th>name</th><th>kind</th><th>command</th>"
           "<th>options</th><th>version</th><th>status</th></tr></thead><tbody>"]
    for exe in result["executables"]:
        command = " ".join(json.loads(exe["command"]))
        status = esc(exe["status"]) + (" &mdash; " + esc(exe["message"]) if exe["message"] else "")
        out.append("<tr><td>%s</td><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s</td>"
                   "<td class='%s'>%s</td></tr>" % (
                       esc(exe["name"]), esc(exe["kind"]), esc(command),
                       esc(exe["options"] or ""), esc(exe["version"]),
                       "" if exe["status"] == "ok" else "bad", status))
    out.append("</tbody></table>")
    return "".join(out)


def problems_html(result):
    items = []
    for program in result["programs"]:
        for exe in result["executables"]:
            cell = result["cells"][(program["name"], exe["name"])]
            if cell["status"] != "ok":
                items.append("<li><b>%s</b> on <b>%s</b>: %s &mdash; %s</li>" % (
                    esc(program["name"]), esc(exe["name"]), esc(cell["status"]),
                    esc(cell["message"])))
    if not items:
        return "<p>None: every program passed its self-check on every executable.</p>"
    return "<ul class='bad'>%s</ul>" % "".join(items)


def script_safe(text):
    """Text placed inside <script>: a literal '</script' would end the element early."""
    return text.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")


def render_html(result, history_points):
    if not os.path.exists(CHART_JS):
        raise ReportError("Chart.js is not installed: run `npm ci` in bench/report "
                          "(scripts/install-deps does it)")
    with open(TEMPLATE) as handle:
        template = handle.read()
    with open(CHART_JS) as handle:
        chart_js = handle.read()
    data = json.dumps(page_data(result, history_points), separators=(",", ":"))
    replacements = {
        "@@TITLE@@": esc("speed center: session %d" % result["session"]["id"]),
        "@@SESSION@@": esc(describe_session(result)),
        "@@BASELINE@@": esc(result["baseline"]),
        "@@TOLERANCE@@": "%g" % (100 * result["tolerance"]),
        "@@COMPARISON_TABLE@@": comparison_table_html(result),
        "@@WARMUP_TABLE@@": warmup_table_html(result),
        "@@EXECUTABLES@@": executables_html(result),
        "@@PROBLEMS@@": problems_html(result),
        "@@CHART_JS@@": script_safe(chart_js),
        "@@DATA@@": script_safe(data),
    }
    page = template
    # Data and library last, so placeholders cannot appear inside substituted text.
    for key in sorted(replacements, key=lambda k: k in ("@@CHART_JS@@", "@@DATA@@")):
        page = page.replace(key, replacements[key])
    return page


def write_html(path, page):
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        os.makedirs(directory)
    with open(path, "w") as handle:
        handle.write(page)
