"""Time the flag engine and the stored readings: 10,000 women with 180 days of entries, and one new entry.

    .venv/bin/python bench/flags_speed.py [women]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/logbog_bench .venv/bin/python bench/flags_speed.py

1. Cold, in memory: synthetic courses (Mon/Wed/Fri, some with a raise of hours), every woman's
   flags from the pure engine (`evaluate`, as before readings were stored), then what a cold
   reading computes (active flags, the caseload row's figures, both serialised for storing).
2. Incremental, through the services on a database (a fresh SQLite file, or the PostgreSQL
   database in BENCH_DATABASE_URL, which it empties first): 200 of those women are stored and
   their readings computed once; then, 50 times, one woman writes one new entry (her reading is
   made stale in that entry's transaction) and her reading is recomputed: load her log,
   evaluate, bring her episodes up to date, store, commit. The review list's server time is in
   bench/staff_pages.py and bench/load.py.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from app import model_events  # noqa: E402
from app.clock import LOCAL_ZONE  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.domain.caseload import row_figures  # noqa: E402
from app.domain.day import Attendance  # noqa: E402
from app.domain.flags import active_flags, evaluate  # noqa: E402
from app.domain.schedule import MONTHLY, ROTATION, PlanVersion, plan_in_force  # noqa: E402
from app.domain.stored import dumps  # noqa: E402
from app.domain.week import DayFacts  # noqa: E402
from app.models import Citizen, DayEntry  # noqa: E402
from app.services import audit  # noqa: E402
from app.services.citizens import create_citizen, set_schedule  # noqa: E402
from app.services.flags import flags_for, refresh  # noqa: E402
from bench.load_seed import analyse  # noqa: E402

TODAY = date(2026, 11, 18)
NINE = dtime(9)
DAYS = 180
STORED_WOMEN, NEW_ENTRIES, WARM_UP = 200, 50, 10


def course(rng: random.Random) -> tuple[list[PlanVersion], dict[date, DayFacts]]:
    """180 days of a woman on three days a week; a third get more hours halfway."""
    start = TODAY - timedelta(days=DAYS)
    plans = [PlanVersion(start, (3, 0, 3, 0, 3, 0, 0))]
    if rng.random() < 0.33:
        plans.append(PlanVersion(start + timedelta(days=90), (3, 0, 3, 0, 3, 0, 3)))
    usual, entries = rng.randint(2, 6), {}
    for n in range(DAYS):
        day = start + timedelta(days=n)
        if day.weekday() in (0, 2, 4) and rng.random() < 0.9:
            attendance = rng.choices([Attendance.FULL, Attendance.EARLY, Attendance.ABSENT], [90, 6, 4])[0]
            # Evenings mostly good or OK, sometimes tired, now and then exhausted.
            evening = rng.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0]
            entries[day] = DayFacts(attendance, 1.5 if attendance is Attendance.EARLY else None,
                                    max(0, min(10, round(rng.gauss(usual, 1.5)))), evening, ("pain",))
    return plans, entries


def mixed_course(rng: random.Random) -> tuple[list[PlanVersion], dict[date, DayFacts]]:
    """180 days in issue 20's shape: a new placement (and plan) at days 60 and 120, in every mode.

    Weekly with start times for a third, a two-week rotation for a third, a monthly budget for the
    rest from day 120 (she writes about two days a week); now and then an hour beyond the plan or a
    free Saturday worked. Placements matter to the engine only through the plan versions they bring.
    """
    start = TODAY - timedelta(days=DAYS)
    plans = [PlanVersion(start, (3, 0, 3, 0, 3, 0, 0))]
    plans.append(PlanVersion(start + timedelta(days=60), (3, 0, 3, 0, 3, 0, 0), mode=ROTATION, even_hours=(3, 0, 3, 0, 0, 0, 0)))
    kind = rng.randrange(3)
    third = start + timedelta(days=120)
    plans.append([PlanVersion(third, (3, 0, 3, 0, 3, 0, 2), starts=(NINE, None, NINE, None, NINE, None, NINE), paid_hours=2),
                  PlanVersion(third, (3, 0, 3, 0, 3, 0, 0), mode=ROTATION, even_hours=(4, 0, 4, 0, 0, 0, 0)),
                  PlanVersion(third, mode=MONTHLY, monthly_hours=30)][kind])
    usual, entries = rng.randint(2, 6), {}
    for n in range(DAYS):
        day = start + timedelta(days=n)
        version = plan_in_force(plans, day)
        planned = version.planned_on(day) if version else 0.0
        evening = rng.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0]
        pain = max(0, min(10, round(rng.gauss(usual, 1.5))))
        if planned and rng.random() < 0.9:
            attendance = rng.choices([Attendance.FULL, Attendance.EARLY, Attendance.ABSENT], [90, 6, 4])[0]
            extra = 1.0 if attendance is Attendance.FULL and rng.random() < 0.05 else None
            entries[day] = DayFacts(attendance, 1.5 if attendance is Attendance.EARLY else planned, pain, evening, ("pain",),
                                    extra_hours=extra)
        elif not planned and ((version is not None and version.mode == MONTHLY and day.weekday() in (0, 3))
                              or (day.weekday() == 5 and rng.random() < 0.05)):
            entries[day] = DayFacts(Attendance.FULL, rng.choice([3.0, 3.5, 4.0]), pain, evening)
    return plans, entries


def cold(courses: list[tuple[list[PlanVersion], dict[date, DayFacts]]]) -> None:
    """The pure engine over every course, then a cold reading's whole computation."""
    since = TODAY - timedelta(days=DAYS)
    began = time.perf_counter()
    levels: Counter[str] = Counter()
    for plans, entries in courses:
        for flag in evaluate(plans, entries, TODAY, logging_since=since).shown:
            levels[f"{flag.rule} {flag.level.name.lower()}"] += 1
    elapsed = time.perf_counter() - began
    women = len(courses)
    print(f"flags for {women} women x {DAYS} days: {elapsed:.2f} s ({1000 * elapsed / women:.3f} ms per woman)")
    print("flags raised:", ", ".join(f"{name}: {count}" for name, count in sorted(levels.items())))
    began = time.perf_counter()
    for plans, entries in courses:
        dumps(tuple(active_flags(plans, entries, TODAY, logging_since=since)))
        dumps(row_figures(plans, entries, TODAY))
    elapsed = time.perf_counter() - began
    print(f"readings for {women} women x {DAYS} days (active flags + row figures, serialised): {elapsed:.2f} s "
          f"({1000 * elapsed / women:.3f} ms per woman)")


def _entry(citizen_id: int, day: date, facts: DayFacts, now: datetime) -> dict[str, object]:
    return {"citizen_id": citizen_id, "day": day, "attendance": facts.attendance.value if facts.attendance else None,
            "hours_worked": facts.hours_worked, "early_reasons": ",".join(facts.early_reasons), "reason_text": "",
            "pain": facts.pain, "evening": facts.evening, "note": "", "entered_by": "self", "confirmed_by_citizen": True,
            "idempotency_key": f"{citizen_id}-{day}", "payload_hash": "x", "created_at": now, "updated_at": now}


def seed(session: Session, courses: list[tuple[list[PlanVersion], dict[date, DayFacts]]]) -> list[Citizen]:
    """The courses as women in the database, each up to yesterday."""
    now = datetime.combine(TODAY, datetime.min.time(), tzinfo=LOCAL_ZONE)
    citizens, rows = [], []
    for n, (plans, entries) in enumerate(courses):
        citizen = create_citizen(session, audit.SYSTEM, name=f"Borger {n}", language="da", start=plans[0].valid_from)
        for plan in plans:
            set_schedule(session, audit.SYSTEM, citizen.id, hours=plan.hours, valid_from=plan.valid_from)
        citizen.consent_at = datetime.combine(plans[0].valid_from, datetime.min.time(), tzinfo=LOCAL_ZONE)
        session.add(citizen)
        citizens.append(citizen)
        rows += [_entry(citizen.id, day, facts, now) for day, facts in entries.items() if day < TODAY]
    session.commit()
    session.execute(insert(DayEntry), rows)
    session.commit()
    return citizens


def _spread(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    return f"{label:<84} median {statistics.median(ordered):6.2f} ms   p95 {ordered[int(len(ordered) * 0.95) - 1]:6.2f} ms"


def incremental(courses: list[tuple[list[PlanVersion], dict[date, DayFacts]]]) -> None:
    """Readings stored for these women; then one new entry at a time and her reading recomputed."""
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = tempfile.TemporaryDirectory()
    engine = make_engine(url or f"sqlite:///{tmp.name}/readings.sqlite3")
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    SQLModel.metadata.create_all(engine)
    spent: list[float] = []
    original = model_events.invalidate

    def timed_invalidate(connection: object, ids: object) -> None:
        began = time.perf_counter()
        original(connection, ids)  # type: ignore[arg-type]
        spent.append((time.perf_counter() - began) * 1000)

    model_events.invalidate = timed_invalidate  # type: ignore[assignment]
    try:
        with Session(engine, expire_on_commit=False) as session:
            citizens = seed(session, courses)
            analyse(engine)
            began = time.perf_counter()
            flags_for(session, citizens, TODAY)
            elapsed = (time.perf_counter() - began) * 1000
            print(f"\n{engine.dialect.name}: readings of {len(citizens)} women computed and stored cold through the service: "
                  f"{elapsed:.0f} ms ({elapsed / len(citizens):.2f} ms per woman)")
            rng = random.Random(5)
            now = datetime.combine(TODAY, datetime.min.time(), tzinfo=LOCAL_ZONE)
            sample = rng.sample(citizens, 2 * NEW_ENTRIES + WARM_UP)
            writes, invalidations, recomputes, totals, viewed = [], [], [], [], []
            # One woman after another, in turn: as the app does (the write marks her reading stale, and `refresh`
            # recomputes it after the answer), and the other way a stale reading is recomputed: by the next view.
            for n, citizen in enumerate(sample):
                spent.clear()
                began = time.perf_counter()
                session.execute(insert(DayEntry), [_entry(citizen.id, TODAY, DayFacts(Attendance.FULL, None, 7, 4), now)])
                session.commit()
                written = time.perf_counter()
                if n % 2:
                    flags_for(session, [citizen], TODAY)
                else:
                    refresh(session, {citizen.id}, TODAY)
                done = time.perf_counter()
                if n < WARM_UP:
                    continue  # the first statements of a connection are not yet prepared
                if n % 2:
                    viewed.append((done - written) * 1000)
                    continue
                writes.append((written - began) * 1000)
                invalidations.append(sum(spent))
                recomputes.append((done - written) * 1000)
                totals.append(invalidations[-1] + recomputes[-1])
            print(_spread("her entry written (the invalidation in its transaction)", writes))
            print(_spread("  of which the invalidation", invalidations))
            print(_spread("her reading recomputed after the write: load, evaluate, episodes, store, commit", recomputes))
            print(_spread("incremental update (invalidate + recompute + store)", totals))
            print(_spread("(her stale reading recomputed by a view instead: flags_for)", viewed))
    finally:
        model_events.invalidate = original  # type: ignore[assignment]
        engine.dispose()
        tmp.cleanup()


def main() -> None:
    """Build the courses, then time the engine over all of them and the incremental update."""
    women = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(4)
    courses = [course(rng) for _ in range(women)]
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores: another process's work shows in the figures)")
    print("-- one placement, weekly plans (the shape before issue 20)")
    cold(courses)
    mixed = [mixed_course(rng) for _ in range(women)]
    print("-- three placements each, plans in every mode (issue 20)")
    cold(mixed)
    del mixed
    kept = courses[:STORED_WOMEN]
    del courses
    gc.collect()  # 10,000 courses in memory would make the collector's pauses part of the incremental figures
    incremental(kept)


if __name__ == "__main__":
    main()
