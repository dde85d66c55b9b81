#!/usr/bin/env python3
# End-to-end test of the speed center: `speedcenter run` over a tiny profile into a temporary
# database (cpython, pypy and a deliberately missing executable), then `report` into a temporary
# directory, then headless Chromium opens the page from file:// and we check that every chart
# was drawn: (1) the DOM after the page's script ran says each canvas held coloured pixels
# (getImageData), (2) a screenshot PNG, decoded here with zlib, is not blank and shows the
# palette's colours. Exits 77 (ctest: skipped) only when Chromium is not installed.
import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SPEEDCENTER = os.path.join(os.path.dirname(os.path.dirname(HERE)), "bench", "speedcenter")
SKIP_CODE = 77
PROGRAMS = ["fib", "nbody", "richards", "int_loop"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def speedcenter(*args):
    result = subprocess.run([sys.executable, SPEEDCENTER] + list(args), capture_output=True,
                            text=True, timeout=600)
    sys.stderr.write(result.stderr)
    sys.stdout.write(result.stdout)
    expect(result.returncode == 0, "speedcenter %s exited %d" % (args[0], result.returncode))
    return result.stdout


def check_database(path):
    with sqlite3.connect(path) as con:
        sessions = con.execute("SELECT id, status, commit_hash, machine_id FROM session").fetchall()
        expect(len(sessions) == 2, "expected 2 sessions, found %d" % len(sessions))
        for _, status, commit, machine in sessions:
            expect(status == "done", "session status %r" % status)
            expect(commit and len(commit) == 40, "session without a commit hash")
            expect(machine is not None, "session without a machine")
        ghost = con.execute("SELECT r.status FROM run r JOIN executable e"
                            " ON e.id = r.executable_id WHERE e.name='ghost'").fetchall()
        expect(len(ghost) == len(PROGRAMS) and all(s == "missing" for (s,) in ghost),
               "the missing executable was not recorded per program: %r" % ghost)
        ok = con.execute("SELECT count(*) FROM run r JOIN executable e ON e.id = r.executable_id"
                         " WHERE e.name='cpython' AND r.status='ok' AND r.session_id=1"
                         ).fetchone()[0]
        expect(ok == len(PROGRAMS), "cpython ok runs: %d" % ok)
        iterations = con.execute("SELECT count(*) FROM iteration i JOIN run r ON r.id = i.run_id"
                                 " WHERE r.session_id=1").fetchone()[0]
        expect(iterations >= 2 * len(PROGRAMS), "too few iterations stored: %d" % iterations)


def check_page_source(path):
    with open(path) as handle:
        page = handle.read()
    expect("<script src" not in page and "<link" not in page,
           "the page loads external resources; it must be self-contained")
    expect(re.search(r"Chart\.js v\d", page) is not None, "Chart.js is not inlined")
    expect("MISSING" in page, "the missing executable is not shown")
    return page


def run_chromium(chromium, url, extra, profile):
    argv = [chromium] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + extra + [url]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=180)
    expect(result.returncode == 0, "chromium exited %d: %s" % (
        result.returncode, result.stderr.strip()[-500:]))
    return result.stdout


def png_pixels(path):
    """Width, height and RGB(A) rows of an 8-bit non-interlaced PNG (what Chromium writes)."""
    with open(path, "rb") as handle:
        data = handle.read()
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", "screenshot is not a PNG")
    offset = 8
    idat = b""
    width = height = channels = None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        offset += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            expect(depth == 8 and interlace == 0 and color in (2, 6),
                   "unsupported PNG format (depth %d, colour type %d)" % (depth, color))
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    rows = []
    previous = bytearray(stride)
    position = 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + predictor) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def check_screenshot(path):
    width, height, channels, rows = png_pixels(path)
    non_white = 0
    coloured = 0
    colours = set()
    for row in rows:
        for x in range(0, width * channels, channels):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if r < 250 or g < 250 or b < 250:
                non_white += 1
            if max(r, g, b) - min(r, g, b) > 60:
                coloured += 1
                colours.add((r >> 4, g >> 4, b >> 4))
    print("screenshot %dx%d: %d non-white pixels, %d coloured, %d colour buckets"
          % (width, height, non_white, coloured, len(colours)))
    expect(non_white > width * height // 100, "screenshot is (nearly) blank")
    expect(coloured > 2000, "screenshot shows almost no chart colours")
    expect(len(colours) >= 3, "screenshot shows fewer than 3 distinct chart colours")


def main():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory(prefix="speedcenter-e2e-") as tmp:
        database = os.path.join(tmp, "results.sqlite")
        common = ["--suite", "tiny", "--db", database, "--exe", "cpython=python3",
                  "--exe", "pypy=pypy3", "--quiet"]
        table = speedcenter("run", *(common + ["--exe", "ghost=/nonexistent/bin/python3",
                                               "--programs", ",".join(PROGRAMS)]))
        expect("geometric mean" in table and "MISSING" in table, "run printed no proper table")
        # A second session, so the history chart has two commits' worth of points.
        speedcenter("run", *(common + ["--programs", "fib,nbody"]))
        check_database(database)
        page_path = os.path.join(tmp, "out", "index.html")
        table = speedcenter("report", "--db", database, "-o", page_path, "--session", "1")
        for program in PROGRAMS:
            expect(program in table, "%s missing from the report table" % program)
        expect(re.search(r"geometric mean\s.*\d\.\d{3} \(n=\d\)", table) is not None,
               "no geometric-mean ratio in the table")
        check_page_source(page_path)
        if chromium is None:
            print("SKIP: chromium is not installed; the page was built but not rendered")
            return SKIP_CODE
        url = "file://" + page_path
        dom = run_chromium(chromium, url, ["--virtual-time-budget=15000", "--dump-dom"],
                           os.path.join(tmp, "profile-dom"))
        body = re.search(r"<body([^>]*)>", dom)
        expect(body is not None, "no <body> in Chromium's DOM dump")
        attributes = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', body.group(1)))
        print("page marks:", json.dumps(attributes))
        expect("charts-error" not in attributes, "chart script failed: %s"
               % attributes.get("charts-error"))
        # Ratios, one warm-up chart per program, memory, two history charts.
        expected = 1 + len(PROGRAMS) + 1 + 2
        expect(attributes.get("charts-total") == str(expected),
               "expected %d charts, page made %s" % (expected, attributes.get("charts-total")))
        expect(attributes.get("charts-ok") == "yes" and
               attributes.get("charts-drawn") == str(expected),
               "not every chart drew data: %s" % attributes)
        expect(dom.count('data-drawn="yes"') == expected, "canvas marks disagree")
        shot = os.path.join(tmp, "page.png")
        run_chromium(chromium, url, ["--virtual-time-budget=15000", "--window-size=1280,2000",
                                     "--hide-scrollbars", "--screenshot=" + shot],
                     os.path.join(tmp, "profile-shot"))
        check_screenshot(shot)
    print("PASS: speedcenter run -> report -> Chromium rendered %d charts" % expected)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as failure:
        print("FAIL: %s" % failure)
        sys.exit(1)
