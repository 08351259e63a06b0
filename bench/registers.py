"""Server time to open a group's register for 20 women and to save it (issue 22: under 100 ms each).

Builds a teacher leading a group of 20 women with teaching every weekday for eight weeks, in a fresh SQLite file (or the
PostgreSQL database in BENCH_DATABASE_URL, which it empties first), signs the teacher in, and times through the WSGI
app, after 3 warm-up requests:

- open: GET of a session's register (20 rows, the stored marks once it is taken);
- save, first time: POST of a register not taken yet (one register, 20 marks), a different session each time;
- save, a correction: POST of a taken register with other marks (a revision of the 20 old marks, then the update);
- save, a retried POST: the same key again (writes nothing).

Prints the median and the 95th percentile of REQUESTS runs of each, in milliseconds.

    .venv/bin/python bench/registers.py
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/logbog_bench .venv/bin/python bench/registers.py
"""

from __future__ import annotations

import logging
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from datetime import time as time_of_day
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session, SQLModel  # noqa: E402

from app import clock, create_app  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.models import ActivityGroup, ActivitySeries, ActivityVersion, GroupLeader, GroupMember, StaffUser  # noqa: E402
from app.services import audit  # noqa: E402
from app.services.citizens import create_citizen  # noqa: E402
from app.services.staff import start_session  # noqa: E402
from bench.load_seed import empty_database  # noqa: E402

WOMEN, REQUESTS, WARM_UP, TARGET_MS = 20, 20, 3, 100.0


def build(session: Session, today: date) -> tuple[int, list[int], str]:
    """A consultant's 20 women in a group led by a teacher, taught every weekday from 8 weeks back; the teacher's cookie."""
    now = clock.utcnow()
    consultant = StaffUser(name="Bench Konsulent", email="bench-consultant@example.dk", role="consultant", created_at=now)
    teacher = StaffUser(name="Bench Lærer", email="bench-teacher@example.dk", role="teacher", created_at=now)
    session.add_all([consultant, teacher])
    session.commit()
    first = today - timedelta(weeks=8, days=today.weekday())
    women = [create_citizen(session, audit.SYSTEM, name=f"Borger{n:02d} Efternavn", language="so", start=first,
                            consultant_id=consultant.id).id for n in range(WOMEN)]
    group = ActivityGroup(name="Hold A", start_week=first, created_at=now, created_by_id=consultant.id)
    session.add(group)
    session.flush()
    session.add(GroupLeader(group_id=group.id, staff_id=teacher.id))
    session.add_all(GroupMember(group_id=group.id, citizen_id=woman, joined_on=first) for woman in women)
    series = ActivitySeries(kind="teaching", group_id=group.id, first_day=first, last_day=today + timedelta(weeks=4), created_at=now,
                            created_by_id=consultant.id)
    session.add(series)
    session.flush()
    session.add(ActivityVersion(series_id=series.id, valid_from=first, weekdays="01234", start_time=time_of_day(9),
                                end_time=time_of_day(11, 30), title="Jobsøgning", place="Lokale 2", created_at=now,
                                created_by_id=consultant.id))
    session.commit()
    return series.id, women, start_session(session, teacher, user_agent="bench", now=now)


def _line(label: str, times: list[float]) -> str:
    times = sorted(times)
    verdict = "ok" if statistics.median(times) < TARGET_MS else f"over {TARGET_MS:.0f} ms"
    return f"{label:<32} median {statistics.median(times):6.1f} ms   p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms   {verdict}"


def main() -> None:
    """Build, sign in, time, print."""
    tmp = tempfile.TemporaryDirectory()
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp.name}/bench.sqlite3"
    empty_database(url)
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False}, engine=engine)
    logging.getLogger("logbog.requests").setLevel(logging.WARNING)  # one log line a request: not for this terminal
    today = clock.local_today()
    with Session(engine, expire_on_commit=False) as session:
        series_id, women, secret = build(session, today)
    client = app.test_client()
    client.set_cookie(app.config["STAFF_COOKIE_NAME"], secret)
    days = [today - timedelta(days=n) for n in range(1, 60) if (today - timedelta(days=n)).weekday() < 5]
    page = client.get(f"/t/sessions/{series_id}/{days[0].isoformat()}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def post(day: date, key: str, absent: int) -> float:
        marks = {f"mark-{woman}": "absent" if n % 5 == absent else "present" for n, woman in enumerate(women)}
        began = time.perf_counter()
        response = client.post(f"/t/sessions/{series_id}/{day.isoformat()}", data={"csrf_token": token, "idempotency_key": key, **marks})
        spent = (time.perf_counter() - began) * 1000
        assert response.status_code == 303, (response.status_code, response.get_data(as_text=True)[-400:])
        return spent

    first_saves = [post(day, str(uuid.uuid4()), 0) for day in days[: WARM_UP + REQUESTS]][WARM_UP:]
    corrected, retried, opened = days[0], [], []
    corrections = [post(corrected, str(uuid.uuid4()), n % 5) for n in range(1, WARM_UP + REQUESTS + 1)][WARM_UP:]
    for _ in range(WARM_UP + REQUESTS):
        retried.append(post(corrected, "bench-retried-key", 1))
    for n in range(WARM_UP + REQUESTS):
        began = time.perf_counter()
        response = client.get(f"/t/sessions/{series_id}/{corrected.isoformat()}")
        opened.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200 and response.get_data(as_text=True).count('name="reason-') == WOMEN
    print(f"database: {engine.dialect.name}; a group of {WOMEN} women; {REQUESTS} requests each after {WARM_UP} warm-up, "
          f"server time through the WSGI app; target under {TARGET_MS:.0f} ms")
    print(f"load average {os.getloadavg()[0]:.1f} (another process's work shows in the figures)")
    print(_line("open the register", opened[WARM_UP:]))
    print(_line("save, first time", first_saves))
    print(_line("save, a correction", corrections))
    print(_line("save, a retried POST", retried[WARM_UP:]))
    engine.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
