"""Build a load-test database and the cookies locust signs in with (bench/locustfile.py, bench/load.py).

Empties the database at URL, runs the Alembic migrations (`flask db upgrade` in a subprocess, as
deployment does), then seeds 4 consultants with 60 women each (240 in all). Every woman has 26
weeks of realistic entries up to yesterday (as in bench/staff_pages.py), a plan in which today is
a work day, agreed tasks, her consent and a live device session opened through the activation
service (a real code issued and redeemed); every consultant has a live staff session. On PostgreSQL
it then gathers the planner's statistics (`analyse`), as autovacuum would have on a live database. Writes JSON:

    {"citizens": [{"cookie": secret, "id": n}], "consultants": [{"cookie": secret, "citizen_ids": [...]}],
     "cookie_names": {"device": ..., "staff": ...}, "today": "YYYY-MM-DD", ...}

    .venv/bin/python bench/load_seed.py --database-url sqlite:////tmp/load.sqlite3 --out /tmp/load.json
    .venv/bin/python bench/load_seed.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/logbog_load --out /tmp/load.json

A PostgreSQL database named `test` (the one CI uses) is refused. Staff sessions idle out after
STAFF_IDLE_MINUTES (30), so seed shortly before the run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, MetaData, insert, make_url, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app import clock  # noqa: E402
from app.config import DEFAULTS  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.models import DayEntry, StaffUser  # noqa: E402
from app.services import audit  # noqa: E402
from app.services.activation import Redemption, issue_code, redeem_code  # noqa: E402
from app.services.audit import Actor  # noqa: E402
from app.services.citizens import add_task, create_citizen, record_consent, set_schedule  # noqa: E402
from app.services.staff import start_session  # noqa: E402

CONSULTANTS, WOMEN_EACH, WEEKS = 4, 60, 26
#: A phone's user agent, summarised by the app into the device list.
PHONE_UA = "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
STAFF_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
#: Databases this script never empties (CI's).
PROTECTED_DATABASES = frozenset({"test"})


def check_url(url: str) -> None:
    """Refuse a PostgreSQL database this script must never touch."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and (parsed.database or "") in PROTECTED_DATABASES:
        raise SystemExit(f"refusing to empty the PostgreSQL database {parsed.database!r}: CI uses it; create your own "
                         "(createdb -h 127.0.0.1 -U postgres logbog_load)")
    if parsed.get_backend_name() not in ("postgresql", "sqlite"):
        raise SystemExit(f"unsupported database: {parsed.get_backend_name()}")
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise SystemExit("an in-memory SQLite database cannot be shared with gunicorn: give a file")


def empty_database(url: str) -> None:
    """Drop everything in the database's schema (PostgreSQL: public; SQLite: every table)."""
    engine = make_engine(url)
    try:
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        else:
            metadata = MetaData()
            metadata.reflect(engine)
            with engine.begin() as connection:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                metadata.drop_all(connection)
    finally:
        engine.dispose()


def migrate(url: str) -> None:
    """`flask db upgrade` in a subprocess, with the URL in its environment."""
    env = {**os.environ, "DATABASE_URL": url, "LOGBOG_ENV": "development", "SECRET_KEY": "load-seed"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"migrations failed:\n{result.stdout}\n{result.stderr}")


def weekly_hours(today: date, rng: random.Random) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Her plan before and after week 13: 3-4 h on Mon/Wed/Fri (and on today's weekday, so that
    today is a work day), then a Sunday of 2 h added (the "Op" version)."""
    hours = rng.choice((3.0, 3.0, 3.0, 4.0))
    days = {0, 2, 4, today.weekday()}
    first = tuple(hours if weekday in days else 0.0 for weekday in range(7))
    second = tuple(2.0 if weekday == 6 and first[6] == 0 else first[weekday] for weekday in range(7))
    return first, second


def entry_rows(citizen_id: int, start: date, today: date, plans: tuple[tuple[float, ...], tuple[float, ...]],
               switch: date, rng: random.Random, now: object) -> list[dict[str, object]]:
    """Her entries on planned days from `start` to yesterday: her own usual pain and spread,
    90 % full days, mostly ordinary evenings, some days not written."""
    usual, spread = rng.randint(2, 6), rng.uniform(1.0, 2.0)
    rows = []
    day = start
    while day < today:
        planned = (plans[1] if day >= switch else plans[0])[day.weekday()]
        if planned and rng.random() >= 0.03:  # a few days she forgot
            attendance = rng.choices(["full", "early", "absent"], [90, 6, 4])[0]
            worked = {"full": planned, "early": max(0.5, round(planned - 1.5, 1)), "absent": 0.0}[attendance]
            rows.append({"citizen_id": citizen_id, "day": day, "attendance": attendance, "hours_worked": worked,
                         "early_reasons": "pain" if attendance == "early" else "",
                         "absence_reason": "ill_pain" if attendance == "absent" else None,
                         "told_in_advance": True if attendance == "absent" else None, "reason_text": "",
                         "pain": max(0, min(10, round(rng.gauss(usual, spread)))),
                         "difficulty": rng.randint(1, 6) if attendance != "absent" else None,
                         "breaks": "none" if attendance != "absent" else None,
                         "evening": rng.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0],
                         "note": "note" if rng.random() < 0.1 else "", "note_language": "da",
                         "entered_by": "self", "confirmed_by_citizen": True, "idempotency_key": str(uuid.uuid4()),
                         "payload_hash": "x" * 64, "created_at": now, "updated_at": now})
        day += timedelta(days=1)
    return rows


def seed(session: Session, today: date) -> dict[str, object]:
    """4 consultants x 50 women with history, device sessions and staff sessions; returns the JSON for locust."""
    rng = random.Random(1)
    now = clock.utcnow()
    idle = timedelta(days=DEFAULTS["DEVICE_SESSION_IDLE_DAYS"])
    start = today - timedelta(weeks=WEEKS, days=today.weekday())
    switch = start + timedelta(weeks=13)
    citizens, consultants, rows = [], [], []
    for c in range(CONSULTANTS):
        consultant = StaffUser(name=f"Konsulent {c + 1}", email=f"load-{c + 1}@example.dk", role="consultant", created_at=now)
        session.add(consultant)
        session.commit()
        ids = []
        for n in range(WOMEN_EACH):
            citizen = create_citizen(session, audit.SYSTEM, name=f"Borger {c + 1}-{n:02d}",
                                     language=rng.choice("da da ar ur so".split()), start=start,
                                     consultant_id=consultant.id, workplace=f"Arbejdsplads {n % 7}", course_weeks=WEEKS + 2)
            plans = weekly_hours(today, rng)
            set_schedule(session, audit.SYSTEM, citizen.id, hours=plans[0], valid_from=start)
            if plans[1] != plans[0]:
                set_schedule(session, audit.SYSTEM, citizen.id, hours=plans[1], valid_from=switch, reason="Op")
            for icon in ("cleaning", "dishes"):
                add_task(session, audit.SYSTEM, citizen.id, icon=icon, label_da=icon)
            rows += entry_rows(citizen.id, start, today, plans, switch, rng, now)
            # Her phone: the consultant hands her a card, she scans it and presses the one button.
            code = issue_code(session, Actor("staff", consultant.id, "consultant"), citizen.id, purpose="card",
                              lifetime=timedelta(days=DEFAULTS["ACTIVATION_CARD_DAYS"]), now=now)
            redemption = redeem_code(session, code, user_agent=PHONE_UA, now=now, idle=idle)
            if not isinstance(redemption, Redemption):
                raise RuntimeError(f"activation failed: {redemption.state}")
            record_consent(session, Actor("citizen", citizen.id, "citizen"), redemption.citizen)
            citizens.append({"cookie": redemption.device_secret, "id": citizen.id, "consultant": c})
            ids.append(citizen.id)
        secret = start_session(session, consultant, user_agent=STAFF_UA, now=clock.utcnow())
        consultants.append({"cookie": secret, "citizen_ids": ids, "id": consultant.id})
    for first in range(0, len(rows), 5000):
        session.execute(insert(DayEntry), rows[first:first + 5000])
    session.commit()
    return {
        "citizens": citizens, "consultants": consultants,
        "cookie_names": {"device": DEFAULTS["DEVICE_COOKIE_NAME"], "staff": DEFAULTS["STAFF_COOKIE_NAME"]},
        "today": today.isoformat(), "entries": len(rows), "weeks": WEEKS,
    }


def analyse(engine: Engine) -> None:
    """On PostgreSQL, gather the planner's statistics now: autovacuum does so once enough rows have changed, so a live
    database has them, but one bulk-loaded a moment ago has none yet and its plans would be guesses no office sees."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def build(url: str, out: Path) -> dict[str, object]:
    """Empty, migrate and seed the database at `url`; write the JSON to `out` and return it."""
    check_url(url)
    began = time.perf_counter()
    empty_database(url)
    migrate(url)
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            data = seed(session, clock.local_today())
        analyse(engine)
    finally:
        engine.dispose()
    data["database"] = engine.dialect.name
    data["seconds"] = round(time.perf_counter() - began, 1)
    out.write_text(json.dumps(data, indent=1))
    out.chmod(0o600)  # live session secrets
    return data


def main() -> None:
    """Command line: --database-url and --out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="sqlite:///FILE or postgresql+psycopg://... (never .../test)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON for locust")
    args = parser.parse_args()
    data = build(args.database_url, args.out)
    print(f"seeded {data['database']}: {len(data['consultants'])} consultants, {len(data['citizens'])} women, "
          f"{data['entries']} entries over {WEEKS} weeks, in {data['seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
