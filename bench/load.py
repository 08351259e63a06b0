"""Load test in one command: seed, serve with gunicorn on 127.0.0.1, run locust, summarise; old and new review list.

    .venv/bin/python bench/load.py [--database-url URL] [--users 100] [--duration 60] [--workers 4] [--readings both]

1. Seeds a fresh database with bench/load_seed.py (a SQLite file in a temporary directory unless
   --database-url names one; a PostgreSQL database named `test` is refused, any other is emptied).
2. For each code path of the review list (--readings: `old` recomputes every woman's flags on every
   view, LOGBOG_FLAG_READINGS=0; `new` reads the stored readings; `both`, the default, runs old then
   new on the same data), starts `gunicorn --workers W --bind 127.0.0.1:<free port>` on the app
   (LOGBOG_ENV=development, rate limits raised so that the load, which all comes from 127.0.0.1, is
   not throttled; no access log), waits until it answers, and runs locust (bench/locustfile.py)
   headless twice:
   a) steady: --users users (spawned 20/s) with think time, for --duration seconds;
   b) saturation: --saturation-users users without think time, for --saturation-duration seconds.
   Statistics are reset once all users are spawned, so the figures are the steady part of each run.
3. Prints requests/s, p50/p95/p99 per request and in total, failures, server-side 5xx and any
   traceback from gunicorn's log, then a summary block per path to paste into a markdown document,
   and a table of the review list's server time (the app's request log) and client time per path.

gunicorn and locust run in their own process groups and are stopped (SIGTERM, then SIGKILL) at
the end, on error and on Ctrl+C. The app is served as `bench.load:traced_app()`: create_app()
whose catch-all error page also prints the traceback to gunicorn's log (the app's own handler
logs nothing); --plain-app serves exactly `app:create_app()` instead.
Locust runs on the same machine as the server: on a small machine it takes part of the CPU.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
HIGH_LIMIT = str(10**9)
#: Each request type, in the order the tables list them.
ORDER = ("GET /today", "GET /day/[today]/followups (htmx)", "POST /day/[today] (htmx)", "GET /week",
         "GET /static (first visit)", "GET /c/ (caseload)", "GET /c/citizens/[id] (timeline)")


def traced_app() -> Any:
    """The app for gunicorn, whose catch-all error handler first prints the traceback to stderr."""
    sys.path.insert(0, str(ROOT))
    from flask import request

    from app import create_app

    app = create_app()
    original = app.error_handler_spec.get(None, {}).get(None, {}).get(Exception)
    if original is None:  # debug or testing: Flask itself logs
        return app

    def log_then_answer(error: Exception) -> Any:
        sys.stderr.write(f"LOAD-TRACE {request.method} {request.endpoint} pid {os.getpid()}\n"
                         + "".join(traceback.format_exception(error)))
        sys.stderr.flush()
        return original(error)

    app.register_error_handler(Exception, log_then_answer)
    return app


# --- processes -----------------------------------------------------------------------------------

#: Every process we started, stopped again in main's `finally` whatever happens.
_CHILDREN: list[subprocess.Popen[bytes]] = []


class Interrupted(Exception):
    """SIGTERM or SIGINT: stop everything we started."""


def _on_signal(signum: int, _frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


def start(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start `command` in its own process group (Ctrl+C reaches only us; we stop it), output to `log`."""
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    _CHILDREN.append(process)
    return process


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(process: subprocess.Popen[bytes] | None, grace: float = 10.0) -> None:
    """SIGTERM the process group we started, SIGKILL whatever is left after `grace` seconds."""
    if process is None:
        return
    pgid = process.pid  # start_new_session: the group id is the leader's pid
    if process.poll() is None:
        try:
            os.killpg(pgid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    deadline = time.monotonic() + 3
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _group_alive(pgid):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        pass


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    """Poll a public page until gunicorn answers 200; fail early if it dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{base}/language", timeout=2) as response:  # nosec B310 - always http://127.0.0.1
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{_tail(log)}")


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _gunicorn_flags() -> list[str]:
    """gunicorn >= 27 opens a control socket under ~/.gunicorn unless told not to."""
    import gunicorn.config

    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in gunicorn.config.KNOWN_SETTINGS) else []


# --- one locust run ------------------------------------------------------------------------------

@dataclass
class Row:
    """One line of locust's _stats.csv."""

    name: str
    count: int
    failures: int
    rps: float
    p50: str
    p95: str
    p99: str


@dataclass
class RunResult:
    """What one locust run measured, client side and server side."""

    label: str
    users: int
    duration: int
    rows: list[Row]
    total: Row | None
    failures: list[tuple[int, str]]
    locust_notes: list[str]
    server: dict[str, list[float]] = field(default_factory=dict)
    server_statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    traces: list[str] = field(default_factory=list)
    server_other: list[str] = field(default_factory=list)


def _int(value: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        return 0


def read_stats(prefix: Path) -> tuple[list[Row], Row | None, list[tuple[int, str]]]:
    """Rows per request name, the aggregated row, and (occurrences, error) from locust's CSV files."""
    rows, total = [], None
    stats = prefix.with_name(prefix.name + "_stats.csv")
    if stats.exists():
        with stats.open(newline="") as handle:
            for line in csv.DictReader(handle):
                row = Row(line["Name"], _int(line["Request Count"]), _int(line["Failure Count"]),
                          float(line["Requests/s"] or 0), line["50%"], line["95%"], line["99%"])
                if line["Name"] == "Aggregated":
                    total = row
                else:
                    rows.append(row)
    rows.sort(key=lambda row: ORDER.index(row.name) if row.name in ORDER else len(ORDER))
    failures = []
    failed = prefix.with_name(prefix.name + "_failures.csv")
    if failed.exists():
        with failed.open(newline="") as handle:
            for line in csv.DictReader(handle):
                failures.append((_int(line["Occurrences"]), f"{line['Method']} {line['Name']}: {line['Error']}"))
    failures.sort(reverse=True)
    return rows, total, failures


def read_server_log(log: Path, offset: int) -> tuple[dict[str, list[float]], Counter[tuple[str, int]], list[str], list[str]]:
    """From gunicorn's log after `offset`: server ms per endpoint, (endpoint, status) counts,
    tracebacks (LOAD-TRACE blocks) and other non-request lines worth reading (timeouts, errors)."""
    times: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[tuple[str, int]] = Counter()
    traces: list[str] = []
    other: list[str] = []
    with log.open("rb") as handle:
        handle.seek(offset)
        text = handle.read().decode(errors="replace")
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("LOAD-TRACE") or "] Error handling request" in line or "ERROR in app:" in line:
            current = [line]  # our tracer, gunicorn's own 500 (the error page failed too), Flask's logger
            traces.append(line)
            continue
        if line.startswith("{"):
            current = None
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if isinstance(record, dict) and record.get("event") == "request":
                endpoint = f"{record.get('method')} {record.get('endpoint')}"
                times[endpoint].append(float(record.get("ms", 0)))
                statuses[(endpoint, int(record.get("status", 0)))] += 1
                continue
        if re.match(r"^\[\d{4}-\d\d-\d\d ", line):
            current = None  # a log line starts
        if current is not None:
            current.append(line)
            traces[-1] = "\n".join(current)
        elif re.search(r"\[(ERROR|CRITICAL|WARNING)\]|Traceback|Error|WORKER TIMEOUT", line):
            other.append(line)
    return dict(times), statuses, traces, other


def _after_ramp_up(process: subprocess.Popen[bytes], log: Path, server_log: Path, deadline: float) -> int:
    """Wait for locust; return the server log's size when it reset its statistics (all users started)."""
    steady = None
    while process.poll() is None:
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(process.args, 0)
        if steady is None and "Resetting stats" in log.read_text(errors="replace"):
            steady = server_log.stat().st_size
        time.sleep(0.2)
    return steady if steady is not None else server_log.stat().st_size


def run_locust(label: str, *, base: str, seed_file: Path, users: int, spawn_rate: float, duration: int,
               no_wait: bool, work: Path, server_log: Path, env: dict[str, str]) -> RunResult:
    """One headless locust run, bounded in time; its CSV statistics and the server log of its window."""
    prefix = work / f"locust_{label}"
    log = work / f"locust_{label}.log"
    command = [sys.executable, "-m", "locust", "-f", str(BENCH / "locustfile.py"), "--seed-file", str(seed_file),
               "--host", base, "--headless", "--users", str(users), "--spawn-rate", str(spawn_rate),
               "--run-time", f"{duration}s", "--stop-timeout", "5", "--reset-stats", "--only-summary",
               "--csv", str(prefix), "--exit-code-on-error", "0", "--loglevel", "INFO"]
    if no_wait:
        command.append("--no-wait")
    offset = server_log.stat().st_size
    print(f"  locust {label}: {users} users{' without think time' if no_wait else ''}, {duration} s ...", flush=True)
    process = start(command, log, env)
    try:
        steady = _after_ramp_up(process, log, server_log, deadline=time.monotonic() + duration + users / spawn_rate + 60)
    except subprocess.TimeoutExpired:
        print(f"  locust {label} overran its time; stopping it", flush=True)
        steady = offset
    finally:
        stop(process)
    if process.returncode not in (0, None) and not prefix.with_name(prefix.name + "_stats.csv").exists():
        raise RuntimeError(f"locust failed ({process.returncode}):\n{_tail(log)}")
    rows, total, failures = read_stats(prefix)
    notes = sorted({re.sub(r"^\[[^\]]*\] \S+/", "", line) for line in log.read_text(errors="replace").splitlines()
                    if "CPU usage" in line or "/ERROR/" in line or "Traceback" in line})
    _times, statuses, traces, other = read_server_log(server_log, offset)
    times = read_server_log(server_log, steady)[0]  # server times over the same window as locust's (after ramp-up)
    return RunResult(label, users, duration, rows, total, failures, notes, times, statuses, traces, other)


# --- output --------------------------------------------------------------------------------------

def _ms(value: str) -> str:
    return "–" if value in ("", "N/A") else value


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def _crashed(result: RunResult) -> int:
    return sum(1 for trace in result.traces if "] Error handling request" in trace.splitlines()[0])


def _exception_of(trace: str) -> str:
    """The first (root) exception line of a traceback."""
    lines = [line for line in trace.splitlines() if re.match(r"^[\w.]+(Error|Exception|Exit|Interrupt)\b", line)]
    return lines[0] if lines else trace.splitlines()[0]


def _failing(result: RunResult) -> list[str]:
    """One traceback per failing request: our tracer's, else (--plain-app) Flask's logged ones, else gunicorn's."""
    for marker in ("LOAD-TRACE", "ERROR in app:", "] Error handling request"):
        found = [trace for trace in result.traces if marker in trace.splitlines()[0]]
        if found:
            return found
    return []


def _short_trace(trace: str) -> list[str]:
    """The heading, the frames in the project (not in .venv) with their source line, and exception lines."""
    out, lines = [], trace.splitlines()
    for index, line in enumerate(lines):
        if index == 0 or re.match(r"^[\w.]+(Error|Exception)\b|^\[SQL|^\[parameters|^During handling|^The above", line):
            out.append(line)
        elif line.strip().startswith("File ") and str(ROOT) in line and "/.venv/" not in line:
            out.append(line)
            if index + 1 < len(lines):
                out.append(lines[index + 1])
    return out


def print_run(result: RunResult) -> None:
    """The detailed tables of one run."""
    print(f"\n== {result.label}: {result.users} users, {result.duration} s ==")
    print(f"{'request':<36} {'count':>7} {'fails':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms, client side)")
    for row in [*result.rows, *([result.total] if result.total else [])]:
        print(f"{row.name[:36]:<36} {row.count:>7} {row.failures:>6} {row.rps:>7.1f} {_ms(row.p50):>6} {_ms(row.p95):>6} {_ms(row.p99):>6}")
    if result.server:
        print(f"{'server time by endpoint':<36} {'count':>7} {'5xx':>6} {'':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms, in the app)")
        for endpoint, values in sorted(result.server.items()):
            errors = sum(n for (name, status), n in result.server_statuses.items() if name == endpoint and status >= 500)
            print(f"{endpoint[:36]:<36} {len(values):>7} {errors:>6} {'':>7} {statistics.median(values):>6.0f} "
                  f"{_percentile(values, 0.95):>6.0f} {_percentile(values, 0.99):>6.0f}")
    for count, error in result.failures[:8]:
        print(f"  failure x{count}: {error[:300]}")
    odd = Counter((name, status) for (name, status) in result.server_statuses.elements() if status >= 400)
    for (endpoint, status), count in odd.most_common(8):
        print(f"  server answered {status} x{count} on {endpoint}")
    for note in result.locust_notes[:5]:
        print(f"  locust: {note}")
    crashed = _crashed(result)
    if crashed:
        print(f"  {crashed} requests failed inside the app's own error page: gunicorn answered them with its bare 500 "
              "(not in the app's request log)")
    failing = _failing(result)
    if failing:
        kinds = Counter(_exception_of(trace) for trace in failing)
        print(f"  {len(failing)} failing requests with a traceback in gunicorn's log; by root exception:")
        for kind, count in kinds.most_common(5):
            print(f"    x{count}: {kind[:240]}")
        print("  the first (project frames and exceptions; the whole of it is in gunicorn.log):")
        crashes = [trace for trace in result.traces if "] Error handling request" in trace.splitlines()[0]]
        print("\n".join("    " + line for line in _short_trace((crashes or failing)[0])))
    for line in result.server_other[:10]:
        print(f"  gunicorn: {line[:300]}")


def summary(args: argparse.Namespace, database: str, seed: dict[str, Any], runs: list[RunResult], versions: str,
            load_before: float, path: str) -> str:
    """A markdown block with the figures worth keeping."""
    steady, saturation = runs[0], runs[1] if len(runs) > 1 else None
    lines = [
        f"#### Load test {datetime.now().strftime('%Y-%m-%d %H:%M')}: {database}, {path} path "
        f"(LOGBOG_FLAG_READINGS={'1' if path == 'new' else '0'}), {args.workers} gunicorn workers, {os.cpu_count()} CPU cores",
        "",
        f"- Machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}; locust runs on the same machine; "
        f"load average {load_before:.1f} before the test (should be near 0 on a quiet machine).",
        f"- Software: {versions}.",
        f"- Data: {len(seed['consultants'])} consultants × {len(seed['citizens']) // max(1, len(seed['consultants']))} "
        f"women, {seed['entries']} entries ({seed['weeks']} weeks of history); gunicorn sync workers, rate limits raised.",
        "- Citizen (weight 9): GET /today, htmx follow-ups, htmx POST of a full workday, GET /week, 1–3 s between steps. "
        "Consultant (weight 1): review list /c/ then 1–2 timelines, 2–5 s between steps.",
        "",
        "| run | users | duration | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run, label in ((steady, "steady, with think time"), (saturation, "saturation, no think time")):
        if run is None or run.total is None:
            continue
        total = run.total
        lines.append(f"| {label} | {run.users} | {run.duration} s | {total.count} | {total.failures} | {total.rps:.1f} | "
                     f"{_ms(total.p50)} | {_ms(total.p95)} | {_ms(total.p99)} |")
    for run in runs:
        in_app = [ms for values in run.server.values() for ms in values]
        if in_app:
            lines.append(f"\nIn the app ({run.label}, from its request log, after the ramp-up like locust's figures): p50 "
                         f"{statistics.median(in_app):.0f} ms, p95 {_percentile(in_app, 0.95):.0f} ms over {len(in_app)} "
                         "requests; the rest of the client-side time is queueing for a worker and the CPU.")
    for run in runs:
        lines += ["", f"{run.label} run, per request:", "",
                  "| request | count | errors | req/s | p50 ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {row.name} | {row.count} | {row.failures} | {row.rps:.1f} | {_ms(row.p50)} | {_ms(row.p95)} | {_ms(row.p99)} |"
                  for row in run.rows]
    server_errors = sum(n for run in runs for (_name, status), n in run.server_statuses.items() if status >= 500)
    crashed = sum(_crashed(run) for run in runs)
    kinds = Counter(_exception_of(trace) for run in runs for trace in _failing(run))
    lines += ["", f"Server side: {server_errors} 5xx in the app's request log, {crashed} more answered by gunicorn "
              f"itself (the error page failed too); {sum(kinds.values())} tracebacks in gunicorn's log."]
    lines += [f"- x{count}: `{kind[:200]}`" for kind, count in kinds.most_common(3)]
    notes = sorted({note for run in runs for note in run.locust_notes if "CPU" in note})
    if notes:
        lines.append(f"Locust warned: {notes[0]} (the load generator itself was short of CPU).")
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------------

#: The review list's two code paths (LOGBOG_FLAG_READINGS): "old" recomputes every woman on every
#: view, "new" reads the stored readings. --readings picks which to run; both run on the same data.
PATHS = {"both": ("old", "new"), "old": ("old",), "new": ("new",)}
REVIEW_LIST = ("GET consultant.caseload", "GET /c/ (caseload)")  # in the app's request log; in locust's table


def serve_and_run(args: argparse.Namespace, path: str, url: str, work: Path) -> list[RunResult]:
    """Start gunicorn on the `path` code path, run locust (steady, then saturation), stop gunicorn."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LOGBOG_ENV": "development", "SECRET_KEY": "load-test-" + os.urandom(8).hex(),
           "DATABASE_URL": url, "PUBLIC_BASE_URL": base, "PYTHONUNBUFFERED": "1",
           "LOGBOG_RATE_LIMIT_WRITES": HIGH_LIMIT, "LOGBOG_RATE_LIMIT_SIGN_IN": HIGH_LIMIT,
           "LOGBOG_RATE_LIMIT_ACTIVATION": HIGH_LIMIT, "LOGBOG_FLAG_READINGS": "1" if path == "new" else "0"}
    app_spec = "app:create_app()" if args.plain_app else "bench.load:traced_app()"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
               "--graceful-timeout", "10", *_gunicorn_flags(), app_spec]
    server_log = work / f"gunicorn-{path}.log"
    print(f"\n[{path} path] starting gunicorn: {args.workers} workers on {base} ({app_spec}), "
          f"LOGBOG_FLAG_READINGS={env['LOGBOG_FLAG_READINGS']}", flush=True)
    server_log.touch()
    server = start(command, server_log, env)
    try:
        wait_until_up(base, server, server_log)
        locust_env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        runs = [run_locust(f"{path}-steady", base=base, seed_file=work / "seed.json", users=args.users,
                           spawn_rate=args.spawn_rate, duration=args.duration, no_wait=False, work=work,
                           server_log=server_log, env=locust_env)]
        print_run(runs[0])
        if not args.skip_saturation:
            runs.append(run_locust(f"{path}-saturation", base=base, seed_file=work / "seed.json", users=args.saturation_users,
                                   spawn_rate=max(args.spawn_rate, args.saturation_users / 2),
                                   duration=args.saturation_duration, no_wait=True, work=work,
                                   server_log=server_log, env=locust_env))
            print_run(runs[1])
        if server.poll() is not None:
            print(f"gunicorn exited during the run ({server.returncode})")
        return runs
    finally:
        stop(server)


def comparison(results: dict[str, list[RunResult]], seed: dict[str, Any]) -> str:
    """The review list on each code path, steady run: server time (the app's request log) and client time (locust)."""
    women = len(seed["citizens"]) // max(1, len(seed["consultants"]))
    lines = [f"Review list `/c/` ({women} women × {seed['weeks']} weeks), steady run, old path (recomputed on every view) "
             "vs new (stored readings):", "",
             "| path | views | server p50 ms | server p95 ms | client p50 ms | client p95 ms | all requests client p95 ms |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for path, runs in results.items():
        steady = runs[0]
        server = steady.server.get(REVIEW_LIST[0], [])
        client = next((row for row in steady.rows if row.name == REVIEW_LIST[1]), None)
        lines.append(f"| {path} | {len(server)} | {statistics.median(server) if server else 0:.0f} | "
                     f"{_percentile(server, 0.95) if server else 0:.0f} | {_ms(client.p50) if client else '–'} | "
                     f"{_ms(client.p95) if client else '–'} | {_ms(steady.total.p95) if steady.total else '–'} |")
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Seed, serve with gunicorn, run locust twice, summarise.")
    parser.add_argument("--database-url", default="", help="default: a SQLite file in a temporary directory; "
                        "a PostgreSQL database is emptied first (never one named test)")
    parser.add_argument("--users", type=int, default=100, help="users of the steady run (default 100)")
    parser.add_argument("--spawn-rate", type=float, default=20.0, help="users started per second (default 20)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of the steady run (default 60)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--saturation-users", type=int, default=50, help="users without think time (default 50)")
    parser.add_argument("--saturation-duration", type=int, default=0, help="seconds (default: a third of --duration, at least 15)")
    parser.add_argument("--skip-saturation", action="store_true", help="only the steady run")
    parser.add_argument("--readings", choices=tuple(PATHS), default="both",
                        help="the review list's code path: old (recomputed on every view), new (stored readings) or both "
                        "(default: old, then new, on the same data)")
    parser.add_argument("--plain-app", action="store_true", help="serve 'app:create_app()' exactly (no tracebacks in the log)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, CSV, seed JSON)")
    args = parser.parse_args()
    if args.users < 1 or args.duration < 5 or args.workers < 1 or args.saturation_users < 1:
        parser.error("users, workers and saturation users must be positive and duration at least 5 s")
    args.saturation_duration = args.saturation_duration or max(15, args.duration // 3)
    return args


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(ROOT))
    import load_seed
    from sqlalchemy import make_url

    if args.database_url:
        load_seed.check_url(args.database_url)
    work = Path(tempfile.mkdtemp(prefix="logbog-load-"))
    url = args.database_url or f"sqlite:///{work / 'load.sqlite3'}"
    load_seed.check_url(url)
    database = make_url(url).get_backend_name()
    keep = args.keep
    try:
        print(f"work directory: {work}", flush=True)
        print(f"seeding {database} ...", flush=True)
        seed = load_seed.build(url, work / "seed.json")
        print(f"  {len(seed['citizens'])} women, {len(seed['consultants'])} consultants, {seed['entries']} entries "
              f"in {seed['seconds']} s", flush=True)

        # Not `import locust`: it monkey-patches this process with gevent.
        versions = (f"Python {platform.python_version()}, gunicorn {metadata.version('gunicorn')}, "
                    f"locust {metadata.version('locust')}")
        if database == "postgresql":
            versions += f", PostgreSQL {_postgres_version(url)}"
        else:
            import sqlite3
            versions += f", SQLite {sqlite3.sqlite_version}"
        results: dict[str, list[RunResult]] = {}
        blocks = []
        for path in PATHS[args.readings]:
            load_before = os.getloadavg()[0]
            runs = serve_and_run(args, path, url, work)
            results[path] = runs
            blocks.append(summary(args, database, seed, runs, versions, load_before, path))
        print("\n" + "-" * 72 + "\n" + "\n\n".join([*blocks, comparison(results, seed)]) + "\n" + "-" * 72)
        runs = [run for path_runs in results.values() for run in path_runs]
        errors = sum(run.total.failures if run.total else 0 for run in runs)
        if errors or any(_failing(run) for run in runs):
            keep = True
        return 1 if errors else 0
    except Interrupted as stopped:
        print(f"\ninterrupted ({stopped}); stopping", file=sys.stderr)
        keep = True
        return 130
    except Exception:
        traceback.print_exc()
        keep = True
        return 2
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for child in reversed(_CHILDREN):
            stop(child)
        if keep:
            print(f"logs, CSV and the seed JSON are kept in {work} (gunicorn-*.log, locust_*.log, *_stats.csv)")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _postgres_version(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SHOW server_version")).scalar())
    except Exception:  # noqa: BLE001 - only for the summary
        return "?"
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
