"""Server time to render the consultant's caseload (60 women, 26 weeks of entries each) and a timeline.

Builds the data in a fresh SQLite file (or the PostgreSQL database in BENCH_DATABASE_URL,
which it empties first), signs a consultant in, and times 20 requests of each page through
the WSGI app after 3 warm-up requests. Prints median and 95th percentile. The review list is
timed on both code paths, on the same data, one request of each in turn (the machine's other
work then weighs on all alike), with this process's CPU time beside the wall-clock time:

- old: FLAG_READINGS off, every woman's flags and figures recomputed on every view;
- cold: stored readings, all of them stale before each view (the first view of a day);
- a third stale: 20 of the 60 made stale before each view (as in bench/load.py, whose women
  save again every few seconds);
- one stale: stored readings, one woman's made stale before each view (she wrote since);
- warm: stored readings, nothing changed since the last view; and the data of that view alone
  (the caseload service, without rendering the page).

The same run builds a second consultant whose 60 women have the course shape of issue 20
(placements and plans that bend): each moves placement twice (weeks 8 and 16), her plan becomes a
two-week rotation, then a monthly budget for a third of them and weekly hours with start times and
paid hours for the others; now and then she stays an hour longer or works a free Saturday. Both
review lists are timed on each path, request by request, so the two shapes compare on equal terms.

    .venv/bin/python bench/staff_pages.py [--stress]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/logbog_bench .venv/bin/python bench/staff_pages.py
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, time as time_of_day, timedelta
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from sqlalchemy import Engine, insert, text  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from app import clock, create_app  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.model_events import invalidate  # noqa: E402
from app.models import DayEntry, StaffUser  # noqa: E402
from app.services import audit  # noqa: E402
from app.services.caseload import caseload  # noqa: E402
from app.domain.schedule import MONTHLY, ROTATION, PlanVersion, plan_in_force  # noqa: E402
from app.services.citizens import add_task, create_citizen, current_course, plan_versions, set_plan, set_schedule  # noqa: E402
from app.services.placements import NextPlacement, start_placement  # noqa: E402
from app.services.staff import start_session  # noqa: E402
from bench.load_seed import analyse  # noqa: E402

WOMEN, WEEKS, REQUESTS, WARM_UP = 60, 26, 20, 3


def build(session: Session, today: date, stress: bool = False, placements: bool = False) -> tuple[int, list[int]]:
    """A consultant with 60 women, each with 26 weeks of entries on her planned days (with `placements`: issue 20's shape).

    Realistic by default: each woman has her own pain level with a daily spread of 1-2 points
    (as in flags_simulation.py), 90 % full days, mostly ordinary evenings. With `stress`, pain
    is uniform 2-8 every day and a fifth of the days are missed or cut short: far more flags.
    """
    rng = random.Random(1)
    now = clock.utcnow()
    consultant = StaffUser(name="Bench", email=f"bench{'-placements' if placements else ''}@example.dk", role="consultant",
                           created_at=now)
    session.add(consultant)
    session.commit()
    start = today - timedelta(weeks=WEEKS, days=today.weekday())
    ids, rows = [], []
    for n in range(WOMEN):
        citizen = create_citizen(session, audit.SYSTEM, name=f"Borger {n:02d}", language=rng.choice("da ar ur so".split()),
                                 start=start, consultant_id=consultant.id, workplace=f"Arbejdsplads {n % 7}")
        set_schedule(session, audit.SYSTEM, citizen.id, hours=(3, 0, 3, 0, 3, 0, 0), valid_from=start)
        set_schedule(session, audit.SYSTEM, citizen.id, hours=(3, 0, 3, 0, 3, 0, 2), valid_from=start + timedelta(weeks=13), reason="Op")
        for icon in ("cleaning", "dishes"):
            add_task(session, audit.SYSTEM, citizen.id, icon=icon, label_da=icon)
        if placements:
            _move_twice(session, citizen.id, start, budget=n % 3 == 0)
        plans = plan_versions(session, citizen.id)
        ids.append(citizen.id)
        usual, spread = rng.randint(2, 6), rng.uniform(1.0, 2.0)
        day = start
        while day < today:
            version = plan_in_force(plans, day)
            planned = version.planned_on(day) if version else 0.0
            free_work = placements and planned == 0 and (
                (version is not None and version.mode == MONTHLY and day.weekday() in (0, 3)) or (day.weekday() == 5 and rng.random() < 0.1))
            if free_work:
                rows.append(_entry(citizen.id, day, "full", rng.choice([3.0, 3.5, 4.0]), max(0, min(10, round(rng.gauss(usual, spread)))),
                                   rng.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0], now, rng))
            elif (planned > 0 if placements else day.weekday() in (0, 2, 4, 6)):
                attendance = rng.choices(["full", "early", "absent"], [8, 1, 1] if stress else [90, 6, 4])[0]
                pain = rng.randint(2, 8) if stress else max(0, min(10, round(rng.gauss(usual, spread))))
                evening = rng.randint(1, 5) if stress else rng.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0]
                row = _entry(citizen.id, day, attendance, {"full": 3.0, "early": 1.5, "absent": 0.0}[attendance], pain, evening, now, rng)
                if placements and attendance == "full" and rng.random() < 0.05:
                    row["extra_hours"] = 1.0  # she stayed an hour longer
                rows.append(row)
            day += timedelta(days=1)
    session.execute(insert(DayEntry), rows)
    session.commit()
    shape = "3 placements and plans in every mode" if placements else "one placement, weekly plans"
    print(f"data ({shape}): {WOMEN} women, {len(rows)} entries ({len(rows) // WOMEN} each over {WEEKS} weeks)")
    return consultant.id, ids


def _entry(citizen_id: int, day: date, attendance: str, hours: float, pain: int, evening: int, now: object,
           rng: random.Random) -> dict[str, object]:
    return {"citizen_id": citizen_id, "day": day, "attendance": attendance, "hours_worked": hours,
            "early_reasons": "pain" if attendance == "early" else "",
            "absence_reason": "ill_pain" if attendance == "absent" else None,
            "told_in_advance": True if attendance == "absent" else None, "reason_text": "",
            "pain": pain, "difficulty": rng.randint(1, 6), "breaks": "none",
            "evening": evening, "note": "note" if rng.random() < 0.1 else "", "note_language": "da",
            "entered_by": "self", "confirmed_by_citizen": True, "idempotency_key": str(uuid.uuid4()),
            "payload_hash": "x" * 64, "created_at": now, "updated_at": now}


def _move_twice(session: Session, citizen_id: int, start: date, budget: bool) -> None:
    """Issue 20's course shape: a new placement in week 8 on a rotation, another in week 16 on a budget or with times and pay."""
    course = current_course(session, citizen_id)
    second = start + timedelta(weeks=8)
    start_placement(session, audit.SYSTEM, course, NextPlacement(workplace="Kantinen", kind="outside", start=second,  # type: ignore[arg-type]
                                                                  end_reason="moved"))
    set_plan(session, audit.SYSTEM, citizen_id, PlanVersion(second, mode=ROTATION, hours=(3, 0, 3, 0, 3, 0, 0),
                                                            even_hours=(3, 0, 3, 0, 0, 0, 0)), "Vagtplan")
    third = start + timedelta(weeks=16)
    start_placement(session, audit.SYSTEM, course, NextPlacement(workplace="Butikken", kind="paid_job", start=third,  # type: ignore[arg-type]
                                                                  end_reason="as_planned"))
    later = (PlanVersion(third, mode=MONTHLY, monthly_hours=40) if budget else
             PlanVersion(third, hours=(3, 0, 3, 0, 3, 0, 2), starts=(time_of_day(9), None, time_of_day(9), None, time_of_day(10), None,
                                                                      time_of_day(10)), paid_hours=2, paid_review_on=third + timedelta(weeks=8)))
    set_plan(session, audit.SYSTEM, citizen_id, later, "Ny praktik")


def timed(client: object, path: str, before: Callable[[], None] = lambda: None) -> list[float]:
    """Milliseconds for each of REQUESTS GETs of `path` (after warming up); `before` runs untimed before each."""
    for _ in range(WARM_UP):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(REQUESTS):
        before()
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    return times


def review_list(app: Flask, clients: list[object], engine: Engine, ids: list[list[int]], shapes: list[str]) -> list[str]:
    """The review list on each path and each data shape, interleaved request by request so that the machine's other
    work weighs on all alike; wall-clock milliseconds (median, p95) and this process's CPU milliseconds (median)."""
    paths = []
    for client, women, shape in zip(clients, ids, shapes):
        paths += [(f"old path ({shape})", False, lambda: None, client),
                  (f"stored: cold ({shape})", True, _stale(engine, women, WOMEN), client),
                  (f"stored: a third stale ({shape})", True, _stale(engine, women, WOMEN // 3), client),
                  (f"stored: one stale ({shape})", True, _stale(engine, women, 1), client),
                  (f"stored: warm ({shape})", True, lambda: None, client)]
    wall: dict[str, list[float]] = {label: [] for label, *_ in paths}
    cpu: dict[str, list[float]] = {label: [] for label, *_ in paths}
    for round_ in range(WARM_UP + REQUESTS):
        for label, stored, before, client in paths:
            app.config["FLAG_READINGS"] = stored
            before()
            began, began_cpu = time.perf_counter(), time.process_time()
            assert client.get("/c/").status_code == 200
            if round_ >= WARM_UP:
                wall[label].append((time.perf_counter() - began) * 1000)
                cpu[label].append((time.process_time() - began_cpu) * 1000)
    return [f"{_line(label, wall[label])}   cpu {statistics.median(cpu[label]):6.1f} ms" for label, *_ in paths]


def _stale(engine: Engine, ids: list[int], count: int) -> Callable[[], None]:
    """Make `count` of the readings stale before each view, as writes to their logs would."""
    rng = random.Random(2)

    def run() -> None:
        with Session(engine) as session:
            invalidate(session.connection(), rng.sample(ids, count))
            session.commit()
    return run


def _service_times(app: Flask, engine: Engine, consultant_id: int) -> list[float]:
    """Milliseconds of the review list's data alone (its stored readings, warm), without rendering the page."""
    times = []
    with app.app_context(), Session(engine, expire_on_commit=False) as session:
        for _ in range(WARM_UP + REQUESTS):
            began = time.perf_counter()
            caseload(session, consultant_id, clock.local_today())
            times.append((time.perf_counter() - began) * 1000)
    return times[WARM_UP:]


def _line(label: str, times: list[float]) -> str:
    times = sorted(times)
    return f"{label:<40} median {statistics.median(times):7.1f} ms   p95 {times[int(len(times) * 0.95) - 1]:7.1f} ms"


def main() -> None:
    """Build, sign in, time, print."""
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = tempfile.TemporaryDirectory()
    if not url:
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    engine = make_engine(url)
    if url.startswith("postgresql"):
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    SQLModel.metadata.create_all(engine)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False}, engine=engine)
    stress = "--stress" in sys.argv
    shapes = []
    with Session(engine, expire_on_commit=False) as session:
        for placements in (False, True):
            consultant_id, ids = build(session, clock.local_today(), stress, placements)
            secret = start_session(session, session.get(StaffUser, consultant_id), user_agent="bench", now=clock.utcnow())
            shapes.append(("old shape" if not placements else "placements", consultant_id, ids, secret))
    analyse(engine)
    gc.collect()
    gc.freeze()  # as gunicorn.conf.py does in each worker once the app is built
    clients = []
    for _label, _consultant_id, _ids, secret in shapes:
        client = app.test_client()
        client.set_cookie(app.config["STAFF_COOKIE_NAME"], secret)
        clients.append(client)
    flags = [c.get("/c/").get_data(as_text=True).count('<article class="flag ') for c in clients]
    print(f"database: {engine.dialect.name}; {WOMEN} women per list; {'stress' if stress else 'realistic'} data; "
          f"{flags[0]} / {flags[1]} flags on the review list (old shape / placements); "
          f"{REQUESTS} requests each after {WARM_UP} warm-up, server time through the WSGI app")
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores: another process's work shows in the figures)")
    for line in review_list(app, clients, engine, [ids for _l, _c, ids, _s in shapes], [label for label, *_ in shapes]):
        print(line)
    for label, consultant_id, _ids, _secret in shapes:
        print(_line(f"  data alone ({label})", _service_times(app, engine, consultant_id)))
    for client, (shape, _consultant_id, ids, _secret) in zip(clients, shapes):
        for label, path in ((f"timeline, 8 weeks ({shape})", f"/c/citizens/{ids[0]}"),
                            (f"timeline, 4 weeks ({shape})", f"/c/citizens/{ids[0]}?weeks=4")):
            print(_line(label, timed(client, path)))
    engine.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
