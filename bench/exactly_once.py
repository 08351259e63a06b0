"""Exactly once, whatever happens: parallel submits, answers cut on the way, servers killed.

Runs the real server (gunicorn, several workers) on a database of its own and checks the
database afterwards. For each scenario it prints the counts and `lost=N duplicated=N`:

- parallel: N phones' worth of threads submit the same entry with one key at the same moment;
- cut:      a loopback proxy passes each request on and resets the connection before the
            answer comes back (bench/cutting_proxy.py); the phone sends again with its key;
- kill:     phones keep submitting (and sometimes sending a confirmed entry again) while the
            whole server is killed with SIGKILL again and again and restarted.

lost       = entries the server confirmed that are not in the database as confirmed;
duplicated = extra rows for a day, entries created more than once, or a resend stored as a
             correction. The integrity check is SQLite's integrity_check and foreign_key_check,
             or PostgreSQL's amcheck on every index of the app's tables.

    .venv/bin/python bench/exactly_once.py                       # SQLite file in a temp dir
    .venv/bin/python bench/exactly_once.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/logbog_once
    options: --kills 10 --phones 6 --citizens 60 --parallel 20 --cuts 12 --workers 3

The PostgreSQL database is emptied first; a database named `test` is refused.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import make_url, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app.clock import LOCAL_ZONE  # noqa: E402
from app.config import DEFAULTS  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.services import audit  # noqa: E402
from app.services.activation import Redemption, issue_code, redeem_code  # noqa: E402
from app.services.citizens import create_citizen, set_schedule  # noqa: E402
from bench.cutting_proxy import CuttingProxy  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
COOKIE_NAME = DEFAULTS["DEVICE_COOKIE_NAME"]
#: Days a phone may write about: today and the days before it that she may still correct.
WINDOW = DEFAULTS["ENTRY_EDIT_DAYS"] + 1


class NoAnswer(Exception):
    """The connection failed or was cut: the phone cannot know whether the entry arrived."""


# ---------------------------------------------------------------------------------------- set-up

def _real_now() -> datetime:
    return datetime.now(UTC)


def _today() -> date:
    return _real_now().astimezone(LOCAL_ZONE).date()


def prepare(url: str, citizens: int) -> list[tuple[int, str]]:
    """Migrate an empty database and give `citizens` women a plan for every day and a signed-in phone.
    Returns (citizen id, device secret) for each."""
    if url.startswith("postgresql"):
        if make_url(url).database == "test":
            raise SystemExit("refusing to empty the database 'test' (the test suite's)")
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    env = {**os.environ, "DATABASE_URL": url, "LOGBOG_ENV": "development", "SECRET_KEY": "exactly-once"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    engine = make_engine(url)
    now, start = _real_now(), _today() - timedelta(days=30)
    secrets = []
    with Session(engine, expire_on_commit=False) as session:
        for n in range(citizens):
            citizen = create_citizen(session, audit.SYSTEM, name=f"Phone {n:02d}", language="so", start=start)
            set_schedule(session, audit.SYSTEM, citizen.id, hours=(3,) * 7, valid_from=start)
            citizen.consent_at = now
            session.add(citizen)
            session.commit()
            raw = issue_code(session, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(hours=1), now=now)
            redemption = redeem_code(session, raw, user_agent="bench", now=now, idle=timedelta(days=60))
            assert isinstance(redemption, Redemption)
            secrets.append((citizen.id, redemption.device_secret))
    engine.dispose()
    return secrets


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with several workers in its own process group, so SIGKILL takes all of it at once."""

    probe_timeout = 2.0  # seconds a starting server may take to answer one probe

    def __init__(self, url: str, workers: int, log: Path) -> None:
        self.url, self.workers, self.log = url, workers, log
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {**os.environ, "DATABASE_URL": url, "LOGBOG_ENV": "development", "SECRET_KEY": "exactly-once",
                    "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.port}",
                    **{f"LOGBOG_{name}": "1000000" for name in ("RATE_LIMIT_WRITES", "RATE_LIMIT_ACTIVATION", "RATE_LIMIT_SIGN_IN")}}

    def start(self) -> None:
        """Start and wait until a worker answers."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}",
                 "--no-control-socket", "--graceful-timeout", "2", "app:create_app()"],
                cwd=ROOT, env=self.env, stdout=out, stderr=out, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.answers():
                return
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def answers(self) -> bool:
        """One GET; True if a worker answered 200. The connection is closed whatever happens (a
        timed-out probe left its socket to the garbage collector: a ResourceWarning in the suite)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.probe_timeout)
        try:
            connection.request("GET", "/language")
            with connection.getresponse() as response:
                response.read()
                return response.status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def kill(self) -> None:
        """SIGKILL the master and every worker, mid-request or not."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        """A clean stop (or a kill if it does not stop)."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
            self.process = None
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()


# ---------------------------------------------------------------------------------------- a phone

@dataclass
class Phone:
    """One woman's phone: her device cookie, her session cookie and CSRF token, one request per connection."""

    port: int
    secret: str
    cookies: dict[str, str] = field(default_factory=dict)
    token: str | None = None

    def __post_init__(self) -> None:
        self.cookies[COOKIE_NAME] = self.secret

    def _request(self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None,
                 port: int | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=15)
        all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read().decode()
        except (OSError, http.client.HTTPException) as error:
            raise NoAnswer(str(error)) from error
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def refresh_token(self) -> None:
        """Open today's page, as she does, for a CSRF token."""
        status, html = self._request("GET", "/today")
        match = TOKEN.search(html)
        if status != 200 or not match:
            raise NoAnswer(f"GET /today gave {status}")
        self.token = match.group(1)

    def submit(self, day: date, answers: dict[str, str], key: str, port: int | None = None) -> tuple[int, dict[str, str]]:
        """POST a day as the phone's outbox does; returns (status, JSON answer) or raises NoAnswer."""
        if self.token is None:
            self.refresh_token()
        body = urlencode({**answers, "idempotency_key": key, "csrf_token": self.token})
        status, data = self._request("POST", f"/day/{day.isoformat()}", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json", "X-CSRFToken": self.token or ""},
            port=port)
        if status >= 500:
            raise NoAnswer(f"status {status}")
        try:
            return status, json.loads(data)
        except ValueError:
            return status, {}


def answers(pain: int) -> dict[str, str]:
    """A typical workday with this pain."""
    return {"attendance": "full", "pain": str(pain), "evening": "2", "breaks": "none"}


def send_until_answered(phone: Phone, day: date, pain: int, key: str, deadline: float, port: int | None = None,
                        confirmed: "Confirmed | None" = None) -> dict[str, str]:
    """Send with the same key until the server answers (the outbox's loop); the answer's JSON."""
    pause = 0.05
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no answer for {key} before the deadline")
        try:
            status, body = phone.submit(day, answers(pain), key, port=port)
            if status == 400:
                phone.token = None  # a new session token after a restart, then again
                continue
            if status != 200:
                raise RuntimeError(f"refused with {status}: {body}")
            return body
        except NoAnswer:
            if confirmed is not None:
                confirmed.no_answer()
            if time.monotonic() > deadline:
                raise
            time.sleep(pause + random.random() * pause)
            pause = min(pause * 2, 0.5)


# ---------------------------------------------------------------------------------------- checking

@dataclass
class Confirmed:
    """What the server confirmed: key -> (device index, day, pain), and every outcome it reported per key."""

    entries: dict[str, tuple[int, date, int]] = field(default_factory=dict)
    outcomes: dict[str, list[str]] = field(default_factory=dict)
    unanswered: int = 0  # sends that got no answer (refused, reset, killed mid-request) and were sent again
    lock: threading.Lock = field(default_factory=threading.Lock)

    def no_answer(self) -> None:
        with self.lock:
            self.unanswered += 1

    latest: dict[tuple[int, date], str] = field(default_factory=dict)  # (phone, day) -> the key that wrote it last

    def add(self, key: str, phone: int, day: date, pain: int, outcome: str) -> None:
        """Called in the order the server confirmed: one phone writes a day, so its last add is the day's value."""
        with self.lock:
            self.entries[key] = (phone, day, pain)
            self.outcomes.setdefault(key, []).append(outcome)
            self.latest[(phone, day)] = key


@dataclass(frozen=True)
class Verdict:
    """The database compared with what was confirmed."""

    confirmed: int
    rows: int
    lost: int
    duplicated: int
    integrity: str
    outcomes: Counter[str]

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.integrity == "ok"


def _integrity(engine: object) -> str:
    with engine.connect() as connection:  # type: ignore[attr-defined]
        if engine.dialect.name == "sqlite":  # type: ignore[attr-defined]
            result = connection.execute(text("PRAGMA integrity_check")).scalar()
            orphans = connection.execute(text("PRAGMA foreign_key_check")).all()
            return "ok" if result == "ok" and not orphans else f"integrity_check={result} orphans={len(orphans)}"
        try:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            indexes = connection.execute(text(
                "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.amname = 'btree' AND n.nspname = 'public'")).scalars().all()
            for oid in indexes:
                connection.execute(text("SELECT bt_index_check(:oid, true)"), {"oid": oid})
            connection.commit()
            return "ok"
        except Exception as error:  # noqa: BLE001 - reported, not hidden
            return f"amcheck failed: {type(error).__name__}: {str(error).splitlines()[0]}"


def verify(url: str, confirmed: Confirmed, secrets: list[tuple[int, str]]) -> Verdict:
    """Compare the database with the confirmations.

    Each day's row must hold the last confirmed submission for it; every earlier confirmed
    submission of that day must be kept as a revision (a correction keeps the old version).
    A resend must change nothing: no second row, no second "created", no extra revision.
    """
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, citizen_id, day, idempotency_key, pain FROM day_entry")).all()
        revised = connection.execute(text("SELECT old_idempotency_key FROM entry_revision")).scalars().all()
        creates = connection.execute(text(
            "SELECT object_id, count(*) FROM audit_event WHERE action = 'entry.create' GROUP BY object_id HAVING count(*) > 1")).all()
    citizen_of_phone = [citizen_id for citizen_id, _secret in secrets]
    by_key = {row.idempotency_key: row for row in rows}
    newest = set(confirmed.latest.values())
    lost = 0
    for key, (phone, day, pain) in confirmed.entries.items():
        if key not in newest:
            lost += key not in revised  # an earlier version must survive as a revision
            continue
        row = by_key.get(key)
        if row is None or row.citizen_id != citizen_of_phone[phone] or _as_date(row.day) != day or row.pain != pain:
            lost += 1
    per_day = Counter((row.citizen_id, _as_date(row.day)) for row in rows)
    created_twice = sum(1 for outcomes in confirmed.outcomes.values() if outcomes.count("created") > 1)
    extra_revisions = max(0, len(revised) - (len(confirmed.entries) - len(newest)))
    duplicated = sum(n - 1 for n in per_day.values()) + extra_revisions + len(creates) + created_twice
    integrity = _integrity(engine)
    engine.dispose()
    outcomes = Counter(outcome for all_outcomes in confirmed.outcomes.values() for outcome in all_outcomes)
    return Verdict(len(confirmed.entries), len(rows), lost, duplicated, integrity, outcomes)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# ---------------------------------------------------------------------------------------- scenarios

def parallel(server: Server, secrets: list[tuple[int, str]], confirmed: Confirmed, threads: int) -> None:
    """`threads` submits of one entry with one key, released together."""
    phone_index = 0
    phone = Phone(server.port, secrets[phone_index][1])
    phone.refresh_token()
    key, day, barrier = str(uuid.uuid4()), _today(), threading.Barrier(threads)
    failures: list[BaseException] = []

    def submit() -> None:
        clone = Phone(server.port, phone.secret, dict(phone.cookies), phone.token)
        barrier.wait()
        try:
            body = send_until_answered(clone, day, 5, key, time.monotonic() + 30)
            confirmed.add(key, phone_index, day, 5, body["outcome"])
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    workers = [threading.Thread(target=submit) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]


def cut(server: Server, secrets: list[tuple[int, str]], confirmed: Confirmed, count: int) -> int:
    """Each entry's first answer is cut on the way back; the phone sends again. Returns the cuts made."""
    proxy = CuttingProxy(server.port).start()
    proxy.cut = lambda line: line.startswith(b"POST ")
    try:
        for n in range(count):
            phone_index = 1 + n % (len(secrets) - 1)
            phone = Phone(server.port, secrets[phone_index][1])
            day, key, pain = _today() - timedelta(days=n // (len(secrets) - 1) + 1), str(uuid.uuid4()), random.randint(0, 10)
            try:
                phone.submit(day, answers(pain), key, port=proxy.port)
                raise RuntimeError("the proxy did not cut the answer")
            except NoAnswer:
                pass
            body = send_until_answered(phone, day, pain, key, time.monotonic() + 30)
            confirmed.add(key, phone_index, day, pain, "cut")
            confirmed.add(key, phone_index, day, pain, body["outcome"])
    finally:
        proxy.stop()
    return proxy.cuts


def kill_storm(server: Server, secrets: list[tuple[int, str]], confirmed: Confirmed, phones: int, kills: int,
               days: list[date]) -> int:
    """Phones write every (woman, day) in `days`, then keep correcting them, while the whole server is
    SIGKILLed `kills` times; they stop once both are done. Each phone owns its own women, so the
    last submission it confirmed for a day is what the day must hold."""
    stop, failures = threading.Event(), []
    deadline = time.monotonic() + 60 + kills * 10
    first_rounds_done = threading.Semaphore(0)  # released once by each phone when every day of hers is written

    def phone_loop(number: int) -> None:
        mine = [(index, day) for index in range(number, len(secrets), phones) for day in days]
        random.shuffle(mine)
        clients = {index: Phone(server.port, secrets[index][1]) for index, _day in mine}
        last_pain: dict[tuple[int, date], int] = {}
        try:
            for round_ in range(10_000):
                if round_ == 1:
                    first_rounds_done.release()
                for index, day in mine:
                    if round_ and stop.is_set():
                        return
                    # A correction always changes the answer (the same answers under a new key change nothing).
                    key, pain = str(uuid.uuid4()), random.choice([p for p in range(11) if p != last_pain.get((index, day))])
                    last_pain[(index, day)] = pain
                    body = send_until_answered(clients[index], day, pain, key, deadline, confirmed=confirmed)
                    confirmed.add(key, index, day, pain, body["outcome"])
                    if random.random() < 0.3:  # a double tap, or an outbox that never heard the answer
                        again = send_until_answered(clients[index], day, pain, key, deadline, confirmed=confirmed)
                        confirmed.add(key, index, day, pain, again["outcome"])
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
            first_rounds_done.release()

    workers = [threading.Thread(target=phone_loop, args=(n,)) for n in range(phones)]
    for worker in workers:
        worker.start()
    made = 0
    while made < kills and not failures:
        time.sleep(random.uniform(0.3, 1.0))
        server.kill()
        made += 1
        time.sleep(random.uniform(0.0, 0.3))
        server.start()
    for _phone in range(phones):  # every day written at least once, even if the kills were quick
        first_rounds_done.acquire(timeout=120)
    stop.set()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]
    return made


# ---------------------------------------------------------------------------------------- main

def run(url: str, *, citizens: int, phones: int, kills: int, parallel_threads: int, cuts: int, workers: int,
        log: Path, report: callable = print) -> tuple[dict[str, Verdict], Confirmed, list[tuple[int, str]]]:
    """All three scenarios on one database, each verified when it ends (a check covers everything
    confirmed so far). Returns the verdicts by scenario, the confirmations and the women's phones."""
    secrets = prepare(url, citizens)
    server = Server(url, workers, log)
    server.start()
    verdicts: dict[str, Verdict] = {}
    try:
        began = time.monotonic()
        confirmed = Confirmed()
        parallel(server, secrets, confirmed, parallel_threads)
        verdicts["parallel"] = verdict = verify(url, confirmed, secrets)
        report(f"parallel: {parallel_threads} submits of one key at once -> created={verdict.outcomes['created']} "
               f"replayed={verdict.outcomes['replayed']} rows={verdict.rows} "
               f"lost={verdict.lost} duplicated={verdict.duplicated} integrity={verdict.integrity} ({time.monotonic() - began:.1f} s)")

        began = time.monotonic()
        made = cut(server, secrets, confirmed, cuts)
        verdicts["cut"] = verdict = verify(url, confirmed, secrets)
        report(f"cut: {cuts} entries, {made} answers cut on the way back, each sent again -> confirmed={verdict.confirmed} "
               f"rows={verdict.rows} lost={verdict.lost} duplicated={verdict.duplicated} integrity={verdict.integrity} "
               f"({time.monotonic() - began:.1f} s)")

        began = time.monotonic()
        today = _today()
        storm_days = [today - timedelta(days=n) for n in range(WINDOW)
                      if not any(day == today - timedelta(days=n) for _p, day, _pain in confirmed.entries.values())]
        before, unanswered_before = len(confirmed.entries), confirmed.unanswered
        killed = kill_storm(server, secrets, confirmed, phones, kills, storm_days)
        verdicts["kill"] = verdict = verify(url, confirmed, secrets)
        corrections = len(confirmed.entries) - before - len(storm_days) * len(secrets)
        report(f"kill: {phones} phones, {killed} SIGKILLs of the whole server, {len(storm_days) * len(secrets)} days written "
               f"and {corrections} corrections confirmed after {confirmed.unanswered - unanswered_before} sends without "
               f"an answer -> rows={verdict.rows} revisions kept={verdict.confirmed - len(confirmed.latest)} "
               f"lost={verdict.lost} duplicated={verdict.duplicated} integrity={verdict.integrity} ({time.monotonic() - began:.1f} s)")
    finally:
        server.stop()
    return verdicts, confirmed, secrets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--citizens", type=int, default=60)
    parser.add_argument("--phones", type=int, default=6)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--parallel", type=int, default=20)
    parser.add_argument("--cuts", type=int, default=12)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/exactly-once.sqlite3"
        print(f"database: {make_url(url).get_backend_name()}; gunicorn with {args.workers} workers; "
              f"{args.citizens} women, entries for today and the {WINDOW - 1} days before")
        verdicts, _confirmed, _phones = run(url, citizens=args.citizens, phones=args.phones, kills=args.kills, parallel_threads=args.parallel,
                       cuts=args.cuts, workers=args.workers, log=Path(tmp) / "gunicorn.log")
        final = verdicts["kill"]  # each check covers everything confirmed so far
        print(f"total: confirmed={final.confirmed} rows={final.rows} lost={final.lost} duplicated={final.duplicated} "
              f"integrity={final.integrity}")
        sys.exit(0 if all(v.ok for v in verdicts.values()) else 1)


if __name__ == "__main__":
    main()
